import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { AppProcess } from './app-process';

const ROOT = join(__dirname, '..', '..', '..');

export interface AppProcessAtOptions {
  /** Kept by the caller: a second process on the same directory finds the first one's data. */
  dataDir: string;
  /** Fixed, so that a restarted process is found where its clients left it. */
  port: number;
  env?: Record<string, string>;
  /** How long to wait for `/health`; the first ts-node compile on a busy machine is slow. */
  startTimeoutMs?: number;
}

export interface PinnedAppProcess extends AppProcess {
  /** stdout and stderr so far, for a failure message. */
  output(): string;
  /** SIGKILL, as a crash would end it; resolves once the process is gone. */
  kill(): Promise<void>;
}

/**
 * `src/main.ts` as a child process (as `startAppProcess` runs it) on a given port and DATA_DIR,
 * so that a test can crash it and start it again in the same place, with the same data.
 */
export async function startAppProcessAt(options: AppProcessAtOptions): Promise<PinnedAppProcess> {
  const { dataDir, port, env = {}, startTimeoutMs = 90_000 } = options;
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
        ...env,
        DATA_DIR: dataDir,
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
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
        `src/main.ts did not answer ${url}/health within ${startTimeoutMs} ms:\n${stderr}`,
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
      // A graceful stop that hangs is ended the hard way, so a test's teardown is bounded.
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await signal('SIGTERM');
      clearTimeout(force);
    },
  };
}
