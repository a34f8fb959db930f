import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { freshDataDir } from '@app/testing';
import type { ChildReady } from './app-child';

const ROOT = join(__dirname, '..', '..', '..');
const CHILD = join(__dirname, 'app-child.ts');
const TS_REGISTER = join(__dirname, 'cached-ts-register.js');
const BOOT_TIMEOUT_MS = 60_000;
const STDERR_TAIL = 4_000;

/** How the app process ended when nobody asked it to. */
export interface Crash {
  code: number | null;
  signal: string | null;
  /** The end of its stderr: the uncaught error's stack, for the report. */
  stderr: string;
}

/**
 * The app under attack, booted by `startTestApp` in a child process (app-child.ts), its TypeScript
 * transpiled on the fly like the scale-out suite's ts-node instance, with a cache
 * (cached-ts-register.js). Why not `startTestApp` in the Jest worker: a case that crashes the app
 * (an uncaught exception in a socket handshake, say) would take the worker and every later case
 * with it, and Jest's own handlers make `process.on('uncaughtException')` an unreliable net. Here a
 * crash is one more finding: its stderr is kept, another app is started, the run goes on. Not
 * `dist/`: it exists only after `npm run build` and may be older than the sources.
 */
export class ChildApp {
  private child?: ChildProcess;
  private dataDir?: string;
  private stderr = '';
  private expectedExit = false;
  ready?: ChildReady;
  /** Crashes since the last `takeCrash()`. */
  private crash?: Crash;
  /** Called when the app exits without being asked to. */
  onCrash?: (crash: Crash) => void;

  constructor(private readonly env: Record<string, string>) {}

  get url(): string {
    if (!this.ready) throw new Error('app not started');
    return this.ready.url;
  }

  get alive(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  /** Boots a fresh app (fresh data directory: a crashed app's state is not trusted). */
  async start(): Promise<ChildReady> {
    this.dataDir = freshDataDir('adversarial');
    this.stderr = '';
    this.expectedExit = false;
    const child = fork(CHILD, [], {
      cwd: ROOT,
      execArgv: ['--enable-source-maps', '-r', TS_REGISTER, '-r', 'tsconfig-paths/register'],
      env: {
        ...process.env,
        ADVERSARIAL_DATA_DIR: this.dataDir,
        ADVERSARIAL_APP_ENV: JSON.stringify(this.env),
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    child.on('exit', (code, signal) => {
      if (this.expectedExit) return;
      this.crash = { code, signal, stderr: this.stderr };
      this.onCrash?.(this.crash);
    });
    this.ready = await new Promise<ChildReady>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('app did not start in time')),
        BOOT_TIMEOUT_MS,
      );
      child.once('message', (message: ChildReady) => {
        clearTimeout(timer);
        resolve(message);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`app exited with ${code} while starting: ${this.stderr}`));
      });
    });
    return this.ready;
  }

  /** The crash since the last call, if any (and forgets it). */
  takeCrash(): Crash | undefined {
    const crash = this.crash;
    this.crash = undefined;
    return crash;
  }

  /** Resolves once the child has exited (immediately if it has). */
  async exited(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  }

  /** `GET /health` must answer 200 within `timeoutMs`. */
  async healthy(timeoutMs = 1000): Promise<boolean> {
    try {
      const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
      return res.status === 200;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.expectedExit = true;
    if (child && this.alive) {
      const exited = this.exited();
      // A graceful close first (the child closes the app when its IPC channel goes), then a kill.
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
    this.child = undefined;
  }
}

/** Apps to go on with after a crash, booted two at a time (see `take`). */
export class AppSupply {
  private spare?: Promise<ChildApp>;
  private readonly started: ChildApp[] = [];

  constructor(private readonly env: Record<string, string>) {}

  boot(): Promise<ChildApp> {
    const app = new ChildApp(this.env);
    this.started.push(app);
    return app.start().then(() => app);
  }

  /**
   * A ready app after a crash. The first of a crash boots two at once (on two cores, about the
   * time of one): one to replay the suspects on, which the culprit will kill, and one to go on with.
   */
  take(): Promise<ChildApp> {
    const spare = this.spare;
    this.spare = undefined;
    if (spare) return spare;
    this.spare = this.boot();
    this.spare.catch(() => undefined);
    return this.boot();
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.started.map((app) => app.stop()));
  }
}
