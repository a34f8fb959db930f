import { join } from 'node:path';
import { openDatabase, type Database } from '@app/database';
import { freshDataDir } from './pglite-template';
import { createPostgresTestDatabase } from './postgres-test-database';

export type SqlTestDatabaseKind = 'PGlite' | 'PostgreSQL';

/**
 * A migrated SQL database of its own for a repository contract suite: PGlite in a fresh data
 * directory, or a new PostgreSQL database. `close` releases it (and drops the PostgreSQL one).
 */
export async function openSqlTestDatabase(
  kind: SqlTestDatabaseKind,
  name: string,
): Promise<{ db: Database; close: () => Promise<void> }> {
  if (kind === 'PGlite') {
    const connection = await openDatabase({
      kind: 'pglite',
      dataDir: join(freshDataDir(name), 'db'),
    });
    return { db: connection.db, close: () => connection.close() };
  }
  const database = await createPostgresTestDatabase();
  const connection = await openDatabase({ kind: 'postgres', url: database.url });
  return {
    db: connection.db,
    close: async () => {
      await connection.close();
      await database.drop();
    },
  };
}
