export * from './metrics.module';
export { Registry } from 'prom-client';
