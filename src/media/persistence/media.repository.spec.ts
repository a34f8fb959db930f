import { openDatabase } from '@app/database';
import {
  createMongoTestDatabase,
  createPostgresTestDatabase,
  freshDataDir,
  TEST_MONGODB_URL,
} from '@app/testing';
import { join } from 'node:path';
import { describeMediaRepositoryContract } from '../../../test/contracts/media/media.repository.contract';
import { MongoMediaRepository } from './mongo-media.repository';
import { SqlMediaRepository } from './sql-media.repository';

describeMediaRepositoryContract('PGlite', async () => {
  const connection = await openDatabase({
    kind: 'pglite',
    dataDir: join(freshDataDir('media-repo'), 'db'),
  });
  return { media: new SqlMediaRepository(connection.db), close: () => connection.close() };
});

describeMediaRepositoryContract('PostgreSQL', async () => {
  const database = await createPostgresTestDatabase();
  const connection = await openDatabase({ kind: 'postgres', url: database.url });
  return {
    media: new SqlMediaRepository(connection.db),
    close: async () => {
      await connection.close();
      await database.drop();
    },
  };
});

if (TEST_MONGODB_URL) {
  describeMediaRepositoryContract('MongoDB', async () => {
    const database = await createMongoTestDatabase();
    return {
      media: await MongoMediaRepository.create(database.connection.mongo),
      close: () => database.drop(),
    };
  });
} else {
  // The one allowed skip: no MongoDB server can run on this machine (see README, "Choosing a database").
  console.info('MediaRepository contract: MongoDB skipped (TEST_MONGODB_URL is unset)');
}
