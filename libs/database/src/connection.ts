import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { lockEmbeddedDatabase } from './embedded-database-lock';
import { initialiseApart, PGLITE_START_PARAMS } from './pglite-memory';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { Client, Pool, type ClientConfig } from 'pg';
import {
  projectPath,
  redactUrl,
  StartupError,
  type DatabaseConfig,
  type SqlDatabaseConfig,
} from '@app/config';
import type { Database } from './database';
import { openMongo, type MongoDatabaseConnection } from './mongo-connection';

export interface SqlDatabaseConnection {
  db: Database;
  kind: SqlDatabaseConfig['kind'];
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseConnection = SqlDatabaseConnection | MongoDatabaseConnection;

/** Any number from a fixed constant: serialises concurrent boots migrating the same database. */
const MIGRATION_LOCK_KEY = 727_274_001;
const CONNECT_TIMEOUT_MS = 5000;
/**
 * How long a query may wait for one of the pool's connections. A burst (thousands of clients
 * reconnecting at once) queues for a few seconds; failing it after the connect timeout instead
 * made every client retry and the burst never drain.
 */
const POOL_WAIT_MS = 30_000;
const POOL_SIZE = 10;

/** pg-pool uses one option for both waits: its clients keep the short one for reaching the server. */
class QuicklyConnectingClient extends Client {
  constructor(config: ClientConfig = {}) {
    super({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  }
}

export function migrationsFolder(): string {
  return projectPath('libs/database/migrations');
}

/**
 * Opens the configured database. PGlite and PostgreSQL get pending migrations applied (the same SQL
 * files on both); MongoDB needs none (its indexes are declared in the schemas).
 */
export async function openDatabase(config: SqlDatabaseConfig): Promise<SqlDatabaseConnection>;
export async function openDatabase(config: {
  kind: 'mongodb';
  url: string;
}): Promise<MongoDatabaseConnection>;
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseConnection>;
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseConnection> {
  if (config.kind === 'mongodb') return openMongo(config.url);
  return config.kind === 'pglite' ? openPglite(config.dataDir) : openPostgres(config.url);
}

async function openPglite(dataDir: string): Promise<SqlDatabaseConnection> {
  // Before anything else: the child process that initialises a new directory works under it too.
  const unlock = lockEmbeddedDatabase(dataDir);
  let client: PGlite;
  try {
    mkdirSync(dataDir, { recursive: true });
    await initialiseApart(dataDir, migrationsFolder());
    client = await PGlite.create(dataDir, { startParams: PGLITE_START_PARAMS });
  } catch (error) {
    unlock();
    throw new StartupError('DATA_DIR', `the embedded database in ${dataDir}`, error);
  }
  const close = async () => {
    try {
      await client.close();
    } finally {
      unlock();
    }
  };
  const db = drizzlePglite(client);
  await migratePglite(db, { migrationsFolder: migrationsFolder() }).catch(async (error) => {
    await close();
    throw error;
  });
  return {
    db,
    kind: 'pglite',
    ping: async () => void (await client.query('select 1')),
    close,
  };
}

async function openPostgres(url: string): Promise<SqlDatabaseConnection> {
  const pool = new Pool({
    connectionString: url,
    connectionTimeoutMillis: POOL_WAIT_MS,
    Client: QuicklyConnectingClient,
    max: POOL_SIZE,
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it and readiness reports outages.
  });
  let lockClient;
  try {
    lockClient = await pool.connect();
  } catch (error) {
    await pool.end();
    throw new StartupError('DATABASE_URL', redactUrl(url), error);
  }
  try {
    await lockClient.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrateNodePg(drizzleNodePg(lockClient), { migrationsFolder: migrationsFolder() });
  } finally {
    await lockClient.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    lockClient.release();
  }
  const db = drizzleNodePg(pool);
  return {
    db,
    kind: 'postgres',
    ping: async () => void (await db.execute(sql`select 1`)),
    close: () => pool.end(),
  };
}
