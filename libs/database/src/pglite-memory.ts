import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';

/**
 * PostgreSQL's settings for the embedded database. PGlite's default shared buffers (160 MB) cost
 * the single process about 110 MB of memory for nothing: one process of one user is its only
 * client, and the operating system's file cache still holds the data files.
 */
export const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/**
 * Initialises a new data directory (initdb, then the migrations) in a short-lived child process.
 * Both grow PGlite's WebAssembly memory to about 700 MB, which a process never hands back; opening
 * a directory that is ready needs a fifth of that. A directory already initialised is left as it
 * is (its pending migrations run where it is opened).
 */
export async function initialiseApart(dataDir: string, migrationsFolder: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const modules = ['@electric-sql/pglite', 'drizzle-orm/pglite', 'drizzle-orm/pglite/migrator'];
  const [pglite, drizzle, migrator] = modules.map((name) => JSON.stringify(require.resolve(name)));
  const script = `(async () => {
    const db = await require(${pglite}).PGlite.create(${JSON.stringify(dataDir)});
    await require(${migrator}).migrate(require(${drizzle}).drizzle(db), {
      migrationsFolder: ${JSON.stringify(migrationsFolder)},
    });
    await db.close();
  })().catch((error) => { console.error(error); process.exit(1); });`;
  await promisify(execFile)(process.execPath, ['-e', script], { timeout: 120_000 });
}
