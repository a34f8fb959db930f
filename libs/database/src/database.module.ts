import { Inject, Module, OnApplicationShutdown, type FactoryProvider } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { AdapterChoices, APP_CONFIG, type AppConfig } from '@app/config';
import { HealthModule, HealthRegistry } from '@app/observability';
import { openDatabase, type DatabaseConnection } from './connection';
import type { Database } from './database';

/** Injection token of the open `DatabaseConnection` (SQL or MongoDB). */
export const DATABASE_CONNECTION = Symbol('DATABASE_CONNECTION');

const NAMES = { pglite: 'PGlite', postgres: 'PostgreSQL', mongodb: 'MongoDB' } as const;

/**
 * Opens the database `DATABASE_URL` names (PGlite without it), once per app however many domain
 * modules import this, for their repositories (bound with `repositoryProvider`).
 */
@Module({
  imports: [HealthModule],
  providers: [
    {
      provide: DATABASE_CONNECTION,
      inject: [APP_CONFIG, AdapterChoices],
      useFactory: ({ database }: AppConfig, choices: AdapterChoices) => {
        const name = NAMES[database.kind];
        choices.record(
          'database',
          database.kind === 'pglite' ? `${name} in ${database.dataDir}` : name,
        );
        return openDatabase(database);
      },
    },
  ],
  exports: [DATABASE_CONNECTION],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection,
    health: HealthRegistry,
  ) {
    health.register({ name: 'database', kind: connection.kind, probe: () => connection.ping() });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/** How to build one repository on each kind of database. */
export interface RepositoryAdapters<T> {
  /** PGlite and PostgreSQL: the Drizzle handle. */
  sql: (db: Database) => T;
  /** MongoDB: the Mongoose connection; may create its indexes first. */
  mongodb: (connection: Connection) => T | Promise<T>;
}

/** Provides repository `token` with the adapter for the configured database. */
export function repositoryProvider<T>(
  token: abstract new (...args: never[]) => T,
  adapters: RepositoryAdapters<T>,
): FactoryProvider<T | Promise<T>> {
  return {
    provide: token,
    inject: [DATABASE_CONNECTION],
    useFactory: (connection: DatabaseConnection) =>
      connection.kind === 'mongodb'
        ? adapters.mongodb(connection.mongo)
        : adapters.sql(connection.db),
  };
}
