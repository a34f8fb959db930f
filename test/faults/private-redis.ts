import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep } from '@app/testing';
import { requireProgram } from './programs';

/** One command in RESP, answered with the first reply line ('' if the server closed instead). */
export function redisCommand(port: number, args: string[], timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`Redis on port ${port} did not answer ${args[0]} within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(reply.split('\r\n')[0]);
    };
    socket.on('connect', () =>
      socket.write(
        `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`,
      ),
    );
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done();
    });
    socket.on('close', () => done());
    socket.on('error', (error) => done(error));
  });
}

/**
 * A Redis server of this suite's own on a free port, so stopping it disturbs no other test run.
 * Its data lives in a temporary directory: `stop()` saves it on the way down and `start()` loads
 * it again, as the compose file's Redis (`redis:7` with its default save points) does on
 * `docker compose stop`/`start`. What is tested is an outage, not the loss of every key.
 */
export class PrivateRedis {
  private child?: ChildProcess;
  private output = '';
  private readonly onExit = () => this.child?.kill('SIGKILL');

  private constructor(
    private readonly binary: string,
    readonly port: number,
    private readonly dir: string,
  ) {
    // A crashed Jest run must not leave the server behind.
    process.once('exit', this.onExit);
  }

  static async start(): Promise<PrivateRedis> {
    const binary = requireProgram('redis-server', 'Debian package redis-server');
    const dir = mkdtempSync(join(tmpdir(), 'chat-faults-redis-'));
    const redis = new PrivateRedis(binary, await freePort(), dir);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  /** Starts the server (again) and waits, at most 10 s, until it answers PING. */
  async start(): Promise<void> {
    if (this.running) return;
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly'];
    args.push('no', '--daemonize', 'no', '--dir', this.dir, '--dbfilename', 'dump.rdb');
    const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (!this.running)
        throw new Error(`redis-server exited on port ${this.port}:\n${this.output}`);
      const pong = await redisCommand(this.port, ['PING'], 500).catch(() => '');
      if (pong === '+PONG') return;
      await sleep(50);
    }
    child.kill('SIGKILL');
    throw new Error(`redis-server did not answer PING on port ${this.port} within 10 s`);
  }

  /** A clean stop that keeps the data (SHUTDOWN SAVE); SIGKILL after 10 s if it hangs. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await redisCommand(this.port, ['SHUTDOWN', 'SAVE']).catch(() => child.kill('SIGTERM'));
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(force);
  }

  async destroy(): Promise<void> {
    const child = this.child;
    if (child && this.running) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    }
    process.off('exit', this.onExit);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
