export * from './logging.module';
export * from './request-id';
export { Logger as AppLogger } from 'nestjs-pino';
