import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');

/**
 * The built single process (`node dist/src/main.js`, what `npm start` runs) as a child process, so
 * a test can stop and start it again on the same port and data directory. Sessions live in Redis,
 * so signed-in browsers survive the restart.
 */
export class AppProcess {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'chat-browser-'));
  readonly outboxDir = join(this.dataDir, 'outbox');
  /** The same across restarts: sessions in Redis outlive the process. */
  private readonly redisPrefix = `browser-${process.pid}-${Date.now()}:`;
  private child?: ChildProcess;
  private output = '';

  /**
   * `env` is added to (or overrides) what every run gets: a suite's test-only settings, such as the
   * local origins link previews may be fetched from.
   */
  constructor(
    readonly port: number,
    private readonly env: Readonly<Record<string, string>> = {},
  ) {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(this.port),
        DATA_DIR: this.dataDir,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        REDIS_KEY_PREFIX: this.redisPrefix,
        LOG_LEVEL: 'warn',
        BCRYPT_ROUNDS: '4',
        WEB_ORIGIN: this.url,
        RATE_LIMIT_PER_MINUTE: '100000',
        AUTH_RATE_LIMIT_PER_MINUTE: '100000',
        MESSAGE_RATE_LIMIT: '100000',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`The app exited:\n${this.output}`);
      const healthy = await fetch(`${this.url}/health`).then(
        (res) => res.ok,
        () => false,
      );
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`The app did not become healthy in 60 s:\n${this.output}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  /** Stops it and deletes its data directory (a PGlite database and the outbox). */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
