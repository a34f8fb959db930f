import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openDatabase } from '@app/database';
import { migrationsFingerprint } from './migrations-fingerprint';
import { TEST_POSTGRES_URL } from './test-services';

export interface PostgresTestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Test databases of crashed runs; a running suite's own (younger) databases are left alone. */
const ABANDONED_AFTER_MS = 2 * 3600_000;

function isAbandoned(database: string): boolean {
  const created = /^chat_test_([0-9a-z]+)_/.exec(database)?.[1];
  return (
    !created ||
    Date.now() - parseInt(created, 36) > ABANDONED_AFTER_MS ||
    database.startsWith('chat_template_')
  );
}

const templateName = () => `chat_template_${migrationsFingerprint()}`;

function urlFor(database: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is required for the tests and is not reachable at ${TEST_POSTGRES_URL} (set TEST_POSTGRES_URL): ${String(error)}`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates (once per set of migrations) a migrated template database; drops leftovers of old runs. */
export async function ensurePostgresTemplate(): Promise<void> {
  const template = templateName();
  const exists = await withAdmin(async (admin) => {
    const leftovers = await admin.query<{ datname: string }>(
      "select datname from pg_database where datname like 'chat\\_test\\_%' or (datname like 'chat\\_template\\_%' and datname <> $1)",
      [template],
    );
    for (const { datname } of leftovers.rows.filter((row) => isAbandoned(row.datname))) {
      await admin.query(`drop database if exists "${datname}" with (force)`);
    }
    const found = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (found.rowCount === 0) await admin.query(`create database "${template}"`);
    return found.rowCount !== 0;
  });
  if (exists) return;
  const connection = await openDatabase({ kind: 'postgres', url: urlFor(template) });
  await connection.close();
}

/** An empty, migrated database of its own for one suite; `drop()` removes it. */
export async function createPostgresTestDatabase(): Promise<PostgresTestDatabase> {
  const name = `chat_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`create database "${name}" template "${templateName()}"`));
  return {
    url: urlFor(name),
    drop: () =>
      withAdmin(
        async (admin) => void (await admin.query(`drop database if exists "${name}" with (force)`)),
      ),
  };
}
