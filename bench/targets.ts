import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { generateVAPIDKeys } from 'web-push';

const ROOT = join(__dirname, '..');
const CLOCK_TICKS_PER_SEC = 100;

export type DatabaseChoice = 'pglite' | 'postgres';

export interface AppOptions {
  database: DatabaseChoice;
  redis: boolean;
}

/** A server under test, as its own process: its URL, and its CPU and memory as the kernel sees them. */
export class Target {
  private child?: ChildProcess;
  port = 0;

  private constructor(
    readonly kind: 'relay' | 'app',
    private readonly command: string[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly cleanup: () => Promise<void>,
  ) {}

  static relay(): Target {
    return new Target('relay', [join(__dirname, 'relay-server.cjs')], {}, async () => undefined);
  }

  /** The single process: built output (`dist/`, what `npm start` runs), with high rate limits. */
  static async app(options: AppOptions): Promise<Target> {
    const dataDir = mkdtempSync(join(tmpdir(), 'chat-bench-'));
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'production',
      JWT_ACCESS_SECRET: 'bench-access-secret-0123456789abcdef',
      JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789abcdef',
      // Production refuses to start without Web Push keys; nobody subscribes in a bench.
      ...vapidEnv(),
      // The app ends a socket when its access token expires (15 min by default): a longer soak
      // would measure everyone being disconnected.
      JWT_ACCESS_TTL: '12h',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      BCRYPT_ROUNDS: '4',
      RATE_LIMIT_PER_MINUTE: '1000000',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
      MESSAGE_RATE_LIMIT: '100000',
      MEDIA_UPLOADS_PER_MINUTE: '100000',
    };
    let dropDatabase = async (): Promise<void> => undefined;
    if (options.database === 'postgres') {
      const created = await createDatabase();
      env.DATABASE_URL = created.url;
      dropDatabase = created.drop;
    }
    if (options.redis) {
      env.REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
      env.REDIS_KEY_PREFIX = `bench-${process.pid}-${Date.now()}:`;
    }
    const built = join(ROOT, 'dist', 'src', 'main.js');
    const command = existsSync(built)
      ? [built]
      : [
          '-r',
          'ts-node/register/transpile-only',
          '-r',
          'tsconfig-paths/register',
          join(ROOT, 'src', 'main.ts'),
        ];
    return new Target('app', command, env, async () => {
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    });
  }

  /** The app's PostgreSQL database (with `--db postgres`), for scenarios that seed it directly. */
  get databaseUrl(): string | undefined {
    return this.env.DATABASE_URL;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child?.pid ?? 0;
  }

  /** Starts the server and waits until `/health` answers; resolves with the milliseconds that took. */
  async start(port = this.port): Promise<number> {
    this.port = port || (await freePort());
    const startedAt = performance.now();
    let output = '';
    // BENCH_CPU_PROFILE=<dir>: the app writes a V8 CPU profile there when it stops.
    const profile = process.env.BENCH_CPU_PROFILE;
    const flags = profile && this.kind === 'app' ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
    const gcHook = ['--expose-gc', '-r', join(__dirname, 'collect-garbage.cjs')];
    this.child = spawn(process.execPath, [...flags, ...gcHook, ...this.command], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    killOnExit(this.child);
    this.child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // BENCH_DEBUG=1: the servers' own output (warnings and errors) goes to the terminal too.
    if (process.env.BENCH_DEBUG) {
      this.child.stdout?.pipe(process.stderr);
      this.child.stderr?.pipe(process.stderr);
    }
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`${this.kind} exited:\n${output}`);
      if (
        await fetch(`${this.url}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return performance.now() - startedAt;
      await sleep(25);
    }
    throw new Error(`${this.kind} did not become healthy in 60 s:\n${output}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
  }

  async dispose(): Promise<void> {
    await this.stop();
    await this.cleanup();
  }

  /** User + system CPU time the process has used so far. */
  cpuSeconds(): number {
    const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // After "pid (comm) ", utime and stime are the 12th and 13th fields.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SEC;
  }

  /** Runs a full garbage collection in the server and waits for it (see collect-garbage.cjs). */
  async collectGarbage(): Promise<void> {
    const child = this.child;
    if (!child?.connected) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 10_000);
      function done(): void {
        clearTimeout(timer);
        child?.off('message', onMessage);
        resolve();
      }
      function onMessage(message: unknown): void {
        if (message === 'garbage-collected') done();
      }
      child.on('message', onMessage);
      child.send('collect-garbage');
    });
  }

  rssBytes(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  }
}

async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `chat_bench_${Date.now().toString(36)}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const children = new Set<ChildProcess>();

/** Servers and load generators never outlive the harness, even when it fails half-way. */
export function killOnExit(child: ChildProcess): void {
  if (children.size === 0) {
    process.on('exit', () => {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    });
  }
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function vapidEnv(): NodeJS.ProcessEnv {
  const keys = generateVAPIDKeys();
  return {
    VAPID_PUBLIC_KEY: keys.publicKey,
    VAPID_PRIVATE_KEY: keys.privateKey,
    VAPID_SUBJECT: 'mailto:bench@chat.localhost',
  };
}
