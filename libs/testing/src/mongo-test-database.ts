import { openDatabase, type MongoDatabaseConnection } from '@app/database';
import { testMongoDatabaseUrl } from './test-services';

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
  const connection = await openDatabase({ kind: 'mongodb', url: testMongoDatabaseUrl() });
  return {
    connection,
    drop: async () => {
      await connection.mongo.dropDatabase();
      await connection.close();
    },
  };
}
