import { createHash, randomBytes } from 'node:crypto';

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
/** `mongodb` runs the apps the end-to-end suites start on `TEST_MONGODB_URL` rather than PGlite. */
export const TEST_APP_DATABASE = process.env.TEST_APP_DATABASE;
if (TEST_APP_DATABASE !== undefined && TEST_APP_DATABASE !== 'mongodb') {
  throw new Error(`TEST_APP_DATABASE must be "mongodb" when set, not "${TEST_APP_DATABASE}"`);
}
if (TEST_APP_DATABASE === 'mongodb' && !TEST_MONGODB_URL) {
  throw new Error('TEST_APP_DATABASE=mongodb needs TEST_MONGODB_URL');
}

/** Names the MongoDB databases of one `npm test` run, so that its global teardown drops them all. */
export const testMongoDatabasePrefix = () =>
  `chat_test_${process.env.TEST_RUN_ID ?? process.pid.toString(36)}_`;

/**
 * A database's URL on the `TEST_MONGODB_URL` server (its database name is replaced): fresh, or the
 * same for the same `key` within one run (an app restarted on the same DATA_DIR finds its data).
 */
export function testMongoDatabaseUrl(key?: string): string {
  if (!TEST_MONGODB_URL) throw new Error('TEST_MONGODB_URL is not set');
  const suffix =
    key === undefined
      ? `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`
      : createHash('sha256').update(key).digest('hex').slice(0, 16);
  // Not through URL: a replica set's several hosts are more than it parses.
  const [, server, options = ''] =
    /^([^/]+\/\/[^/?#]+)(?:\/[^?#]*)?(\?.*)?$/.exec(TEST_MONGODB_URL) ?? [];
  if (!server) throw new Error(`TEST_MONGODB_URL is not a MongoDB URL: ${TEST_MONGODB_URL}`);
  return `${server}/${testMongoDatabasePrefix()}${suffix}${options}`;
}

/** A key prefix no other test uses, so suites can share one Redis. */
export function uniqueRedisPrefix(label: string): string {
  return `test:${label}:${process.pid}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}:`;
}
