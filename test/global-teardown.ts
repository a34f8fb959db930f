import { createConnection } from 'mongoose';
import { testMongoDatabasePrefix } from '../libs/testing/src/test-services';

/**
 * After `npm test` with `TEST_APP_DATABASE=mongodb`: drops the databases this run's apps used on
 * `TEST_MONGODB_URL` (the contract suites drop their own as they finish).
 */
export default async function globalTeardown(): Promise<void> {
  const url = process.env.TEST_MONGODB_URL;
  if (process.env.TEST_APP_DATABASE !== 'mongodb' || !url || !process.env.TEST_RUN_ID) return;
  const connection = await createConnection(url, { serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    const prefix = testMongoDatabasePrefix();
    const { databases } = await connection.listDatabases();
    const ours = databases.filter((d) => d.name.startsWith(prefix));
    for (const { name } of ours) await connection.useDb(name).dropDatabase();
    process.stdout.write(`Dropped ${ours.length} MongoDB test databases\n`);
  } finally {
    await connection.close();
  }
}
