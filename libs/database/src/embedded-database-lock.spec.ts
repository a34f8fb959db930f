import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartupError } from '@app/config';
import { claimEmbeddedDatabase, lockEmbeddedDatabase, lockFileOf } from './embedded-database-lock';

/** The pid of a process that has already exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

describe('The lock of the embedded database', () => {
  let dataDir: string;
  let dbDir: string;
  const lockFile = () => lockFileOf(dbDir);
  const pidInLock = () => Number(readFileSync(lockFile(), 'utf8'));

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'chat-lock-'));
    dbDir = join(dataDir, 'db');
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('holds our pid in DATA_DIR/db.lock while open, and is gone once released', () => {
    const unlock = lockEmbeddedDatabase(dbDir);
    expect(lockFile()).toBe(join(dataDir, 'db.lock'));
    expect(pidInLock()).toBe(process.pid);
    unlock();
    expect(existsSync(lockFile())).toBe(false);
    expect(readdirSync(dataDir)).toEqual([]); // no draft or set-aside file left either
  });

  it('refuses while another running process holds it, naming the directory and that pid', () => {
    writeFileSync(lockFile(), `${process.ppid}\n`);
    expect(() => lockEmbeddedDatabase(dbDir)).toThrow(StartupError);
    expect(() => lockEmbeddedDatabase(dbDir)).toThrow(
      `DATA_DIR: cannot reach the embedded database in ${dbDir}: process ${process.ppid} has it open`,
    );
    expect(pidInLock()).toBe(process.ppid);
  });

  it.each([
    ['a process that is gone', () => String(deadPid())],
    ['no pid at all', () => 'garbage'],
    ['an earlier process with our pid (a restarted container)', () => String(process.pid)],
  ])('replaces a stale lock left by %s', (_, content) => {
    writeFileSync(lockFile(), `${content()}\n`);
    const unlock = lockEmbeddedDatabase(dbDir);
    expect(pidInLock()).toBe(process.pid);
    unlock();
  });

  it('refuses a second open in the same process while the first is open', () => {
    const unlock = lockEmbeddedDatabase(dbDir);
    expect(() => lockEmbeddedDatabase(dbDir)).toThrow(`this process (${process.pid}) has it open`);
    unlock();
    const again = lockEmbeddedDatabase(dbDir);
    unlock(); // a second call of the first release leaves the new holder's lock alone
    expect(pidInLock()).toBe(process.pid);
    again();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('lets the connection take over the claim an entry point made before building the app', () => {
    claimEmbeddedDatabase(dbDir);
    expect(pidInLock()).toBe(process.pid);
    const unlock = lockEmbeddedDatabase(dbDir);
    expect(() => lockEmbeddedDatabase(dbDir)).toThrow(/has it open/);
    unlock();
    expect(existsSync(lockFile())).toBe(false);
  });
});
