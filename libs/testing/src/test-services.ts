/**
 * Where the tests find the real services. CI has PostgreSQL and Redis at their default local
 * ports; a suite that cannot reach one fails, it never skips.
 */
export const TEST_POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_RABBITMQ_URL =
  process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
/** Only the MongoDB contract suites may skip, and only when this is unset. */
export const TEST_MONGODB_URL = process.env.TEST_MONGODB_URL;

/** A key prefix no other test uses, so suites can share one Redis. */
export function uniqueRedisPrefix(label: string): string {
  return `test:${label}:${process.pid}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}:`;
}
