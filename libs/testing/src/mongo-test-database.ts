import { openDatabase, type MongoDatabaseConnection } from '@app/database';
import { testMongoDatabaseUrl } from './test-services';

export interface MongoTestDatabase {
  url: string;
  connection: MongoDatabaseConnection;
  /** Drops the database and closes the connection. */
  drop(): Promise<void>;
}

/**
 * A database of its own for one suite, on the server `TEST_MONGODB_URL` names (the database in
 * that URL is replaced by a fresh name): for the MongoDB contract suites, and for the split
 * deployment's services with `TEST_APP_DATABASE=mongodb`.
 */
export async function createMongoTestDatabase(): Promise<MongoTestDatabase> {
  const url = testMongoDatabaseUrl();
  const connection = await openDatabase({ kind: 'mongodb', url });
  return {
    url,
    connection,
    drop: async () => {
      await connection.mongo.dropDatabase();
      await connection.close();
    },
  };
}
