import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@app/config';
import { RateLimitModule } from '@app/http';
import { KvModule } from '@app/kv';
import { HealthModule, LoggingModule, MetricsModule } from '@app/observability';

/**
 * What every app stands on: the config (a global module; `PortsModule` is the only other one),
 * logs, `/health` and `/metrics`, and the key-value store; apps that serve the API also get the HTTP rate limits. Each app (the
 * single process, or one of the split services) adds its domain modules, which import the rest
 * of the infrastructure they use, and its `PortsModule`.
 */
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, { servesApi = true } = {}): DynamicModule {
    const common = [
      ConfigModule.forRoot(config),
      LoggingModule.forRoot(config.logLevel),
      HealthModule,
      MetricsModule,
      KvModule,
    ];
    return {
      module: PlatformModule,
      imports: servesApi ? [...common, RateLimitModule] : common,
    };
  }
}
