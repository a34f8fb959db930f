import { spawn, type ChildProcess } from 'node:child_process';
import { sleep } from '@app/testing';
import { freePort, isUp, npmScriptCommand, ROOT } from '../../tools/split/processes';

export { freePort, isUp, npmScriptCommand };

/** One service of the split deployment as its own process, with its output kept for the tests. */
export class ServiceProcess {
  output = '';
  private child?: ChildProcess;

  constructor(
    readonly name: string,
    private readonly command: string[],
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const [executable, ...args] = this.command;
    const child = spawn(executable, args, {
      cwd: ROOT,
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${this.name} exited:\n${this.output}`);
      if (await isUp(`${this.url}/health`)) return;
      await sleep(100);
    }
    throw new Error(`${this.name} did not become healthy in 30 s:\n${this.output}`);
  }

  /** SIGTERM (a graceful stop), or SIGKILL (a crash). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill(signal);
    });
  }

  /** SIGSTOP: the process keeps its sockets open and answers nothing, as a hung one does. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async readiness(): Promise<{ status: string; checks: Record<string, { status: string }> }> {
    const res = await fetch(`${this.url}/health/ready`);
    return (await res.json()) as { status: string; checks: Record<string, { status: string }> };
  }

  /** Until `/health/ready` says every backing service is up again (fails after `timeoutMs`). */
  async waitUntilReady(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { status, checks } = await this.readiness();
      if (status === 'ok') return;
      if (Date.now() > deadline)
        throw new Error(`${this.name} not ready after ${timeoutMs} ms: ${JSON.stringify(checks)}`);
      await sleep(200);
    }
  }

  /** Log lines (JSON) that mention `text`. */
  logLinesWith(text: string): string[] {
    return this.output.split('\n').filter((line) => line.includes(text));
  }
}
