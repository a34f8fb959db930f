import { randomBytes } from 'node:crypto';
import { openDatabase, type MongoDatabaseConnection } from '@app/database';
import { TEST_MONGODB_URL } from './test-services';

export interface MongoTestDatabase {
  connection: MongoDatabaseConnection;
  /** Drops the database and closes the connection. */
  drop(): Promise<void>;
}

/**
 * A database of its own for one suite, on the server `TEST_MONGODB_URL` names (the database in
 * that URL is replaced by a fresh name). Only the MongoDB contract suites call this.
 */
export async function createMongoTestDatabase(): Promise<MongoTestDatabase> {
  if (!TEST_MONGODB_URL) throw new Error('TEST_MONGODB_URL is not set');
  const url = new URL(TEST_MONGODB_URL);
  url.pathname = `/chat_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const connection = await openDatabase({ kind: 'mongodb', url: url.toString() });
  return {
    connection,
    drop: async () => {
      await connection.mongo.dropDatabase();
      await connection.close();
    },
  };
}
