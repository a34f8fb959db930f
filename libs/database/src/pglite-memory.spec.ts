import { PGlite } from '@electric-sql/pglite';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { freshDataDir } from '@app/testing';
import { migrationsFolder } from './connection';
import { initialiseApart, PGLITE_START_PARAMS } from './pglite-memory';

/** The resident memory, in MB, of a process that opens `dataDir` with these start parameters. */
function rssOfOpening(dataDir: string, startParams?: string[]): number {
  const script = `require(${JSON.stringify(require.resolve('@electric-sql/pglite'))}).PGlite
    .create(${JSON.stringify(dataDir)}, ${JSON.stringify(startParams ? { startParams } : {})})
    .then(async (db) => { await db.query('select 1');
      console.log(Math.round(process.memoryUsage().rss / 1e6)); await db.close(); })`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim());
}

describe('The embedded database’s memory', () => {
  it('initialises and migrates a new data directory in a child process, and leaves a ready one alone', async () => {
    // freshDataDir's own `db` is a migrated copy; `new` does not exist yet.
    const dataDir = join(freshDataDir('pglite-apart'), 'new');
    await initialiseApart(dataDir, migrationsFolder());
    const version = join(dataDir, 'PG_VERSION');
    expect(existsSync(version)).toBe(true);
    const initialisedAt = statSync(version).mtimeMs;
    await initialiseApart(dataDir, migrationsFolder());
    expect(statSync(version).mtimeMs).toBe(initialisedAt);
    const db = await PGlite.create(dataDir);
    try {
      const applied = await db.query<{ n: number }>(
        'select count(*)::int as n from drizzle.__drizzle_migrations',
      );
      expect(applied.rows[0].n).toBeGreaterThan(0);
      expect(
        (await db.query("select 1 from information_schema.tables where table_name = 'messages'"))
          .rows,
      ).toHaveLength(1);
    } finally {
      await db.close();
    }
  });

  it('is initialised apart because initdb leaves a process with over twice what opening a ready directory costs', () => {
    const initialising = rssOfOpening(join(freshDataDir('pglite-initdb'), 'new'));
    const dataDir = join(freshDataDir('pglite-ready'), 'db');
    const opening = rssOfOpening(dataDir, PGLITE_START_PARAMS);
    // About 700 MB against 150-180 MB on this machine. Should PGlite ever give initdb's memory
    // back, this fails, and initialising in a child process is no longer worth its 0.5 s.
    expect(opening).toBeLessThan(initialising / 2);
  });
});
