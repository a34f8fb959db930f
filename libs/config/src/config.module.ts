import { DynamicModule, Global, Module } from '@nestjs/common';
import { AdapterChoices } from './adapter-choices';
import { APP_CONFIG, type AppConfig } from './app-config';

/**
 * Makes the already validated `AppConfig` injectable everywhere under `APP_CONFIG`, with the record
 * of the adapters chosen from it. One of the two global modules (`PortsModule` is the other).
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, AdapterChoices],
      exports: [APP_CONFIG, AdapterChoices],
    };
  }
}
