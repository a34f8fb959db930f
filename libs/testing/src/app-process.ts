import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freshDataDir } from './pglite-template';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * The real single-process entry point (`src/main.ts`) as a child process, from source (ts-node,
 * transpile only), with exactly the environment given plus PATH: for what only a whole process
 * shows (its exit code, a crash, its log, a restart).
 */
export function spawnMain(env: Record<string, string>, stdio: StdioOptions): ChildProcess {
  return spawn(
    process.execPath,
    ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'src/main.ts'],
    { cwd: ROOT, env: { PATH: process.env.PATH, TS_NODE_TRANSPILE_ONLY: 'true', ...env }, stdio },
  );
}

export interface AppProcessOptions {
  env?: Record<string, string>;
  /** Given by a test that restarts the process on the same data; a fresh one otherwise. */
  dataDir?: string;
  /** Fixed, so that a restarted process is found where its clients left it; a free one otherwise. */
  port?: number;
  /** How long to wait for `/health`; the first ts-node compile on a busy machine is slow. */
  startTimeoutMs?: number;
}

export interface AppProcess {
  url: string;
  child: ChildProcess;
  /** Every line the process wrote to stdout so far (its JSON log). */
  logLines(): string[];
  /** stdout and stderr so far, for a failure message. */
  output(): string;
  /** Whether the process is still running. */
  alive(): boolean;
  /** SIGKILL, as a crash would end it; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after 15 s, so a test's teardown is bounded. */
  stop(): Promise<void>;
}

/** A free local port, found by letting the kernel pick one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts `src/main.ts` (see `spawnMain`) and resolves once it answers `/health`. */
export async function startAppProcess(options: AppProcessOptions = {}): Promise<AppProcess> {
  const port = options.port ?? (await freePort());
  const startTimeoutMs = options.startTimeoutMs ?? 90_000;
  const child = spawnMain(
    {
      NODE_ENV: 'test',
      BCRYPT_ROUNDS: '4',
      ...options.env,
      DATA_DIR: options.dataDir ?? freshDataDir('process'),
      PORT: String(port),
    },
    ['ignore', 'pipe', 'pipe'],
  );
  let stdout = '';
  let stderr = '';
  let exited = false;
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const gone = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const signal = async (name: NodeJS.Signals) => {
    if (!exited) child.kill(name);
    await gone;
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`src/main.ts exited while starting on port ${port}:\n${stderr}`);
    if (Date.now() > deadline) {
      await signal('SIGKILL');
      throw new Error(
        `src/main.ts did not answer ${url}/health in ${startTimeoutMs} ms:\n${stderr}`,
      );
    }
    const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) }).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    child,
    logLines: () => stdout.split('\n').filter((line) => line.trim() !== ''),
    output: () => `${stdout}${stderr}`,
    alive: () => !exited,
    kill: () => signal('SIGKILL'),
    stop: async () => {
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await signal('SIGTERM');
      clearTimeout(force);
    },
  };
}
