import { execFile } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where Debian keeps administrators' programs, which a non-login PATH often lacks. */
const SBIN = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The absolute path of `name`, or an error naming it and what provides it: a missing program
 * fails the suite at once, it never hangs waiting for a service that cannot start.
 */
export function requireProgram(name: string, providedBy: string): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...SBIN].filter(Boolean);
  const found = dirs.map((dir) => join(dir, name)).find(executable);
  if (!found) {
    throw new Error(
      `The fault suite needs the program "${name}" (${providedBy}); it is not on PATH or in ${SBIN.join(', ')}`,
    );
  }
  return found;
}

/** The bin directory of the newest installed PostgreSQL server (Debian's layout), or an error. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  let versions: string[] = [];
  try {
    versions = readdirSync(root).filter((v) => /^\d+$/.test(v));
  } catch {
    // no PostgreSQL server installed at all: reported below
  }
  const bin = versions
    .sort((x, y) => Number(y) - Number(x))
    .map((v) => join(root, v, 'bin'))
    .find((dir) => executable(join(dir, 'initdb')) && executable(join(dir, 'pg_ctl')));
  if (!bin) {
    throw new Error(
      'The fault suite needs the PostgreSQL server programs "initdb" and "pg_ctl" (Debian package postgresql) in /usr/lib/postgresql/<version>/bin; none found',
    );
  }
  return bin;
}

/** Runs a program to completion without blocking the event loop (clients keep sending meanwhile). */
export function run(
  file: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs ?? 60_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}
