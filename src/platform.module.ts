import { DynamicModule, Module } from '@nestjs/common';
import { join } from 'node:path';
import { AuthModule } from '@app/auth';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { HealthModule } from '@app/health';
import { RateLimitModule } from '@app/http';
import { KvModule } from '@app/kv';
import { LoggingModule } from '@app/logging';
import { MetricsModule } from '@app/metrics';

/**
 * The infrastructure every app stands on: config, logs, health, metrics and the key-value store;
 * apps that serve the API also get the database, rate limits and token verification. Each app
 * (the single process, or one of the split services) adds its domain modules and port bindings.
 */
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, { servesApi = true } = {}): DynamicModule {
    const common = [
      ConfigModule.forRoot(config),
      LoggingModule.forRoot(config.logLevel),
      HealthModule,
      MetricsModule,
      KvModule.forRoot(config.kv, join(config.dataDir, 'kv', 'durable.jsonl')),
    ];
    return {
      module: PlatformModule,
      imports: servesApi
        ? [...common, DatabaseModule.forRoot(config.database), RateLimitModule, AuthModule]
        : common,
    };
  }
}
