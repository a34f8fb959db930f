import { startMongoStandIn, type MongoStandIn } from './server';

/** Where global setup leaves the running stand-in for global teardown (same process). */
export const STAND_IN_KEY = '__mongoStandIn';

type WithStandIn = typeof globalThis & { [STAND_IN_KEY]?: MongoStandIn };

/**
 * Once per `npm run test:mongo`: starts the stand-in in Jest's main process and points
 * TEST_MONGODB_URL at it; the workers inherit the variable. A TEST_MONGODB_URL already set (a
 * real server) is used as it is, and no stand-in starts.
 */
export default async function globalSetup(): Promise<void> {
  process.env.TEST_RUN_ID ??= Date.now().toString(36);
  if (process.env.TEST_MONGODB_URL) {
    process.stdout.write(`\nMongoDB suites on TEST_MONGODB_URL (not the stand-in)\n`);
    return;
  }
  const standIn = await startMongoStandIn();
  (globalThis as WithStandIn)[STAND_IN_KEY] = standIn;
  process.env.TEST_MONGODB_URL = standIn.url;
  process.stdout.write(
    `\nMongoDB stand-in (not MongoDB, see test/mongo-stand-in/README.md) at ${standIn.url}\n`,
  );
}
