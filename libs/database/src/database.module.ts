import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { DatabaseConfig } from '@app/config';
import { HealthRegistry } from '@app/health';
import { openDatabase, type DatabaseConnection } from './connection';
import { DATABASE } from './database';

const CONNECTION = Symbol('DATABASE_CONNECTION');

/** Opens PGlite or PostgreSQL, migrates it, and provides the Drizzle handle as `DATABASE`. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    @Inject(CONNECTION) private readonly connection: DatabaseConnection,
    health: HealthRegistry,
  ) {
    health.register({ name: 'database', kind: connection.kind, probe: () => connection.ping() });
  }

  static forRoot(config: DatabaseConfig): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: CONNECTION, useFactory: () => openDatabase(config) },
        {
          provide: DATABASE,
          inject: [CONNECTION],
          useFactory: (connection: DatabaseConnection) => connection.db,
        },
      ],
      exports: [DATABASE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
