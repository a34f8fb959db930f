import {
  DynamicModule,
  Global,
  Inject,
  Module,
  OnApplicationShutdown,
  type FactoryProvider,
} from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { DatabaseConfig } from '@app/config';
import { HealthRegistry } from '@app/health';
import { openDatabase, type DatabaseConnection } from './connection';
import type { Database } from './database';

/** Injection token of the open `DatabaseConnection` (SQL or MongoDB). */
export const DATABASE_CONNECTION = Symbol('DATABASE_CONNECTION');

/** Opens the database `DATABASE_URL` names (PGlite without it) for the repositories. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection,
    health: HealthRegistry,
  ) {
    health.register({ name: 'database', kind: connection.kind, probe: () => connection.ping() });
  }

  static forRoot(config: DatabaseConfig): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DATABASE_CONNECTION, useFactory: () => openDatabase(config) }],
      exports: [DATABASE_CONNECTION],
    };
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
