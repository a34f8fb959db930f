import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freshDataDir } from './pglite-template';

const ROOT = join(__dirname, '..', '..', '..');

export interface AppProcess {
  url: string;
  child: ChildProcess;
  /** Every line the process wrote to stdout so far (its JSON log). */
  logLines(): string[];
  /** Whether the process is still running. */
  alive(): boolean;
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

/**
 * The real single-process entry point (`src/main.ts`) as a child process, as `npm start` runs it
 * but from source, with its log on stdout: for what only a whole process shows (a crash, the log).
 */
export async function startAppProcess(env: Record<string, string> = {}): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'src/main.ts'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        TS_NODE_TRANSPILE_ONLY: 'true',
        NODE_ENV: 'test',
        BCRYPT_ROUNDS: '4',
        DATA_DIR: freshDataDir('process'),
        PORT: String(port),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  let exited = false;
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.on('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`src/main.ts exited while starting:\n${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`src/main.ts did not answer /health within 60 s:\n${stderr}`);
    }
    const ok = await fetch(`${url}/health`).then(
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
    alive: () => !exited,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
