export * from './logging.module';
export * from './request-id';
export * from './request-context';
export { Logger as AppLogger } from 'nestjs-pino';
export * from './process-guard';
