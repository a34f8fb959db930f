// What the apps tell their operators: logs, metrics and health, one library.
export * from './logging.module';
export * from './request-id';
export * from './request-context';
export { Logger as AppLogger } from 'nestjs-pino';
export * from './process-guard';
export * from './metrics.module';
export { Registry } from 'prom-client';
export * from './health-registry';
export * from './health.module';
export * from './health-services';
export { fetchWithin, reasonOf } from './health-services-fetch';
