import { openDatabase } from '@app/database';
import {
  createMongoTestDatabase,
  createPostgresTestDatabase,
  freshDataDir,
  TEST_MONGODB_URL,
} from '@app/testing';
import { join } from 'node:path';
import { MongoUsersRepository } from './mongo-users.repository';
import { SqlUsersRepository } from './sql-users.repository';
import { describeUsersRepositoryContract } from '../../../test/contracts/users/users.repository.contract';

describeUsersRepositoryContract('PGlite', async () => {
  const connection = await openDatabase({
    kind: 'pglite',
    dataDir: join(freshDataDir('users-repo'), 'db'),
  });
  return { users: new SqlUsersRepository(connection.db), close: () => connection.close() };
});

describeUsersRepositoryContract('PostgreSQL', async () => {
  const database = await createPostgresTestDatabase();
  const connection = await openDatabase({ kind: 'postgres', url: database.url });
  return {
    users: new SqlUsersRepository(connection.db),
    close: async () => {
      await connection.close();
      await database.drop();
    },
  };
});

if (TEST_MONGODB_URL) {
  describeUsersRepositoryContract('MongoDB', async () => {
    const database = await createMongoTestDatabase();
    return {
      users: await MongoUsersRepository.create(database.connection.mongo),
      close: () => database.drop(),
    };
  });
} else {
  // The one allowed skip: no MongoDB server can run on this machine (see README, "Choosing a database").
  console.info('UsersRepository contract: MongoDB skipped (TEST_MONGODB_URL is unset)');
}
