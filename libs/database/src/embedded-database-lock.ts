import {
  closeSync,
  fstatSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { StartupError } from '@app/config';

/*
 * One process at a time may open an embedded database: two PostgreSQL instances writing one data
 * directory corrupt it, and PGlite does not check. The process that has `DATA_DIR/db` open keeps
 * its pid in `DATA_DIR/db.lock` (beside the directory, so that copying the directory never copies
 * a lock). A lock whose process is gone (killed, crashed) is stale and replaced.
 */

/** Lock files this process holds, by path, and whether a connection has opened its database. */
const held = new Map<string, { opened: boolean }>();

/** Enough for a few processes replacing one stale lock at once; more means something is wrong. */
const MAX_ATTEMPTS = 10;

/** The lock file of the embedded database in `dbDir`. */
export function lockFileOf(dbDir: string): string {
  return `${dbDir}.lock`;
}

/**
 * For an entry point: takes the lock before the app is built, so that a second process stops
 * before it touches anything in DATA_DIR (the session journal there is opened before the
 * database). The connection that opens the database later takes this lock over.
 */
export function claimEmbeddedDatabase(dbDir: string): void {
  const path = lockFileOf(dbDir);
  if (!held.has(path)) take(path, dbDir);
}

/**
 * For the connection: the lock of `dbDir` (taking over this process's claim, if any); the
 * returned function releases it. Throws a StartupError naming the process that holds it.
 */
export function lockEmbeddedDatabase(dbDir: string): () => void {
  const path = lockFileOf(dbDir);
  const mine = held.get(path);
  // Two apps in one process (tests) corrupt the database as surely as two processes.
  if (mine?.opened) throw inUse(dbDir, process.pid, path);
  if (!mine) take(path, dbDir);
  held.set(path, { opened: true });
  let released = false;
  // Once only: a second call must not release the lock of whoever opened the database next.
  return () => {
    if (!released) release(path);
    released = true;
  };
}

function take(path: string, dbDir: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (createExclusively(path)) {
        held.set(path, { opened: false });
        releaseAtExit();
        return;
      }
      const holder = readHolder(path);
      if (!holder) continue; // released between our two looks
      if (isRunning(holder.pid)) throw inUse(dbDir, holder.pid, path);
      setAsideStale(path, holder);
    }
    throw new Error(`${path} kept being replaced by other processes starting at the same time`);
  } catch (error) {
    if (error instanceof StartupError) throw error;
    throw new StartupError('DATA_DIR', `the embedded database in ${dbDir}`, error);
  }
}

/**
 * Creates the lock with our pid, or reports that it exists. The pid is written to a draft first
 * and the draft linked into place: `link` fails if the lock exists (one process wins a race), and
 * nobody ever reads a lock whose pid is not written yet.
 */
function createExclusively(path: string): boolean {
  const draft = `${path}.${process.pid}.draft`;
  writeFileSync(draft, `${process.pid}\n`);
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

interface Holder {
  pid: number;
  /** Which file this is: a new lock written after a stale one may reuse its inode number. */
  identity: string;
}

function readHolder(path: string): Holder | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const { ino, mtimeMs } = fstatSync(fd);
    const pid = Number(readFileSync(fd, 'utf8').trim());
    return { pid, identity: `${ino}:${mtimeMs}:${pid}` };
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether the process `pid` runs. Our own pid in a lock we do not hold was written by an earlier
 * process that had the same pid (a container restarted after a crash starts at the same pid), so
 * it is stale. A live pid counts as holding the lock even if it now belongs to another program
 * (its holder died and the pid was reused): a pid alone cannot tell them apart, and refusing to
 * start is the safe side; deleting the lock file by hand then lets the app start.
 */
function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0); // signal 0 only checks that the process exists
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM'; // exists, but runs as another user
  }
}

/**
 * Moves a stale lock out of the way (renamed first: only one of several processes replacing it
 * gets it). If what we moved is not the stale lock we saw, another process had already replaced
 * it with its own, live lock: we put that back. Only a third process creating a lock in the
 * instant between our move and putting it back could still slip through.
 */
function setAsideStale(path: string, stale: Holder): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return; // another process moved it first
    throw error;
  }
  try {
    if (readHolder(aside)?.identity !== stale.identity) linkSync(aside, path);
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error; // that third process: it holds the lock now
  } finally {
    rmSync(aside, { force: true });
  }
}

function release(path: string): void {
  if (!held.delete(path)) return;
  if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
}

let releasingAtExit = false;

/** A process that exits without closing its database (a failed boot) leaves no lock behind. */
function releaseAtExit(): void {
  if (releasingAtExit) return;
  releasingAtExit = true;
  process.once('exit', () => {
    for (const path of [...held.keys()]) {
      try {
        release(path);
      } catch {
        // Exiting anyway: a lock left behind names a process that is gone, so it is stale.
      }
    }
  });
}

function inUse(dbDir: string, pid: number, path: string): StartupError {
  const who = pid === process.pid ? `this process (${pid})` : `process ${pid}`;
  return new StartupError(
    'DATA_DIR',
    `the embedded database in ${dbDir}`,
    `${who} has it open (${path}); two processes on one embedded database corrupt it, so stop that one or give this one another DATA_DIR`,
  );
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
