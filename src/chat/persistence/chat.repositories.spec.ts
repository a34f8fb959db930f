import { openDatabase, type DatabaseConnection } from '@app/database';
import { createPostgresTestDatabase, freshDataDir, TEST_MONGODB_URL } from '@app/testing';
import { join } from 'node:path';
import {
  describeChatsRepositoryContract,
  type ChatRepositoriesUnderTest,
} from './chats.repository.contract';
import { describeMessagesRepositoryContract } from './messages.repository.contract';
import { SqlChatsRepository } from './sql-chats.repository';
import { SqlMessagesRepository } from './sql-messages.repository';

const repositories = (connection: DatabaseConnection) => ({
  chats: new SqlChatsRepository(connection.db),
  messages: new SqlMessagesRepository(connection.db),
});

async function openPglite(): Promise<ChatRepositoriesUnderTest> {
  const connection = await openDatabase({
    kind: 'pglite',
    dataDir: join(freshDataDir('chat-repos'), 'db'),
  });
  return { ...repositories(connection), close: () => connection.close() };
}

async function openPostgres(): Promise<ChatRepositoriesUnderTest> {
  const database = await createPostgresTestDatabase();
  const connection = await openDatabase({ kind: 'postgres', url: database.url });
  return {
    ...repositories(connection),
    close: async () => {
      await connection.close();
      await database.drop();
    },
  };
}

describeChatsRepositoryContract('PGlite', openPglite);
describeMessagesRepositoryContract('PGlite', openPglite);
describeChatsRepositoryContract('PostgreSQL', openPostgres);
describeMessagesRepositoryContract('PostgreSQL', openPostgres);

if (!TEST_MONGODB_URL) {
  // The one allowed skip: no MongoDB server can run on this machine (see README, "MongoDB").
  console.info(
    'ChatsRepository and MessagesRepository contracts: MongoDB skipped (TEST_MONGODB_URL is unset); the adapter arrives with the MongoDB issue',
  );
}
