import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { isUp, ROOT, sleep } from './processes';

/** pino's levels from warn up: what a person watching the terminal needs to see as it runs. */
const LOUD = /"level":(4|5|6)0\b/;

/**
 * One service of the split deployment as a child process: its output goes to its log file, its
 * warnings and errors to the terminal too. One that cannot start is told by its own one line
 * (`Cannot start …`), not by the lines Nest writes on the way.
 */
export class ServiceChild {
  private child?: ChildProcess;
  private log?: WriteStream;
  private stopping = false;
  private running = false;
  private refusal?: string;

  constructor(
    readonly name: string,
    private readonly command: string[],
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts it and waits until its `/health` answers (it listens once migrated and connected). */
  async start(onExit: (code: number | null) => void, timeoutMs = 90_000): Promise<void> {
    const [executable, ...args] = this.command;
    const log = createWriteStream(this.logFile);
    this.log = log;
    // Its own process group: Ctrl-C reaches the script alone, which stops each child once.
    const child = spawn(executable, args, {
      cwd: ROOT,
      env: { ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    let pending = '';
    const echo = (chunk: Buffer) => {
      log.write(chunk);
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('Cannot start')) this.refusal = line;
        if (LOUD.test(line)) process.stderr.write(`[${this.name}] ${line}\n`);
      }
    };
    child.stdout?.on('data', echo);
    child.stderr?.on('data', echo);
    // Once it has started; before, start() itself fails with the reason.
    child.once('exit', (code) => {
      if (this.running && !this.stopping) onExit(code);
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(this.whyItEnded());
      if (await isUp(`${this.url}/health`)) {
        this.running = true;
        return;
      }
      await sleep(200);
    }
    throw new Error(`${this.name} did not answer /health in ${timeoutMs / 1000} s`);
  }

  /** SIGTERM (Nest closes its connections and finishes its work), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    await new Promise<void>((resolve) => (this.log ? this.log.end(resolve) : resolve()));
  }

  /** A second Ctrl-C: no more waiting. */
  kill(): void {
    this.child?.kill('SIGKILL');
  }

  /** Its own one-line reason when it gave one, else the end of its log. */
  private whyItEnded(): string {
    if (this.refusal) return `${this.refusal} (log: ${this.logFile})`;
    let tail = '';
    try {
      tail = readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-10).join('\n');
    } catch {
      // No log yet: the exit code says all there is.
    }
    return `${this.name} exited with ${this.child?.exitCode} (log: ${this.logFile})\n${tail}`;
  }
}
