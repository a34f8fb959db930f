import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '@app/testing';
import { postgresBinDir, requireProgram, run } from './programs';

const DATABASE = 'chat';

/**
 * A PostgreSQL cluster of this suite's own (initdb in a temporary directory, a free port, trust
 * authentication on 127.0.0.1 only), so restarting it disturbs no other test run. PostgreSQL
 * refuses to run as root: as root, every server command runs as the `postgres` user through
 * `runuser`, and the directory is handed to that user.
 */
export class PrivatePostgres {
  private readonly onExit = () => {
    // Synchronous on purpose: nothing asynchronous runs in an 'exit' handler.
    try {
      const { file, args } = this.command('pg_ctl', [
        '-D',
        this.dataDir,
        '-m',
        'immediate',
        'stop',
      ]);
      execFileSync(file, args, { stdio: 'ignore', timeout: 10_000 });
    } catch {
      // already stopped
    }
  };

  private constructor(
    private readonly bin: string,
    private readonly runuser: string | undefined,
    private readonly dir: string,
    readonly port: number,
  ) {
    process.once('exit', this.onExit);
  }

  static async start(): Promise<PrivatePostgres> {
    const bin = postgresBinDir();
    const asRoot = process.getuid?.() === 0;
    const runuser = asRoot ? requireProgram('runuser', 'Debian package util-linux') : undefined;
    const dir = mkdtempSync(join(tmpdir(), 'chat-faults-pg-'));
    if (asRoot) {
      const { uid, gid } = postgresUser();
      chownSync(dir, uid, gid);
    }
    const pg = new PrivatePostgres(bin, runuser, dir, await freePort());
    try {
      await pg.exec('initdb', [
        '-D',
        pg.dataDir,
        '--auth=trust',
        '--username=postgres',
        '-E',
        'UTF8',
      ]);
      await pg.start();
      const admin = new Client({ connectionString: pg.urlOf('postgres') });
      await admin.connect();
      try {
        await admin.query(`create database ${DATABASE}`);
      } finally {
        await admin.end();
      }
    } catch (error) {
      // Nothing of a half-made cluster is left behind (server, directory, exit hook).
      await pg.destroy();
      throw error;
    }
    return pg;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** The application's database (empty: the app migrates it when it starts). */
  get url(): string {
    return this.urlOf(DATABASE);
  }

  private urlOf(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts the server and waits (pg_ctl -w, at most 30 s) until it accepts connections. */
  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir}`;
    await this.exec('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      join(this.dir, 'log'),
      '-w',
      '-t',
      '30',
      '-o',
      options,
      'start',
    ]);
  }

  /** A fast shutdown: open sessions are ended at once, as a service restart does. */
  async stop(): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
  }

  async destroy(): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => {
      // already stopped
    });
    process.off('exit', this.onExit);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private exec(program: 'initdb' | 'pg_ctl', args: string[]): Promise<string> {
    const command = this.command(program, args);
    // The postgres user may not be allowed into the current directory.
    return run(command.file, command.args, { cwd: this.dir, timeoutMs: 60_000 });
  }

  private command(program: string, args: string[]): { file: string; args: string[] } {
    const path = join(this.bin, program);
    return this.runuser
      ? { file: this.runuser, args: ['-u', 'postgres', '--', path, ...args] }
      : { file: path, args };
  }
}

/** The system user PostgreSQL runs as when the suite runs as root (it refuses root itself). */
function postgresUser(): { uid: number; gid: number } {
  try {
    const id = (flag: string) =>
      Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      'The fault suite runs as root, so its PostgreSQL must run as the user "postgres" (Debian package postgresql creates it); there is no such user',
    );
  }
}
