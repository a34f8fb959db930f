import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { RunResult, WorkerCommand, WorkerReply } from './load-worker';
import type { Population } from './seed';
import { killOnExit } from './targets';

/** The harness's handle on a load-generator process. */
export class LoadGenerator {
  private readonly child: ChildProcess;

  constructor() {
    this.child = fork(join(__dirname, 'load-worker.ts'), [], {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    killOnExit(this.child);
  }

  async connect(url: string, clients: Population['clients'], connectConcurrency = 100) {
    const reply = await this.ask({ type: 'connect', url, clients, connectConcurrency });
    if (reply.type !== 'connected') throw new Error('unexpected reply');
    if (reply.failed > 0)
      throw new Error(
        `${reply.failed} of ${clients.length} clients could not connect: ${reply.why}`,
      );
    return reply.ms;
  }

  async run(command: Omit<Extract<WorkerCommand, { type: 'run' }>, 'type'>): Promise<RunResult> {
    const reply = await this.ask({ type: 'run', ...command });
    if (reply.type !== 'result') throw new Error('unexpected reply');
    return reply.result;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.send({ type: 'close' } satisfies WorkerCommand);
    });
  }

  private ask(command: WorkerCommand): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (reply: WorkerReply) =>
        reply.type === 'error' ? reject(new Error(reply.message)) : resolve(reply),
      );
      this.child.send(command);
    });
  }
}
