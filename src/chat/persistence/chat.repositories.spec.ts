import { sql } from 'drizzle-orm';
import {
  createMongoTestDatabase,
  openSqlTestDatabase,
  TEST_MONGODB_URL,
  type SqlTestDatabaseKind,
} from '@app/testing';
import {
  describeChatsRepositoryContract,
  type ChatRepositoriesUnderTest,
} from '../../../test/contracts/chat/chats.repository.contract';
import { describeMessageChangesContract } from '../../../test/contracts/chat/message-changes.repository.contract';
import { describeMemberSendsContract } from '../../../test/contracts/chat/member-sends.repository.contract';
import { describeMessagesRepositoryContract } from '../../../test/contracts/chat/messages.repository.contract';
import { describeSyncReadsContract } from '../../../test/contracts/chat/sync-reads.repository.contract';
import { MongoBlocksRepository } from './mongo-blocks.repository';
import { MongoChatsRepository } from './mongo-chats.repository';
import { MongoMessagesRepository } from './mongo-messages.repository';
import { SqlBlocksRepository } from './sql-blocks.repository';
import { SqlChatsRepository } from './sql-chats.repository';
import { SqlMessagesRepository } from './sql-messages.repository';

async function openSql(kind: SqlTestDatabaseKind): Promise<ChatRepositoriesUnderTest> {
  const { db, close } = await openSqlTestDatabase(kind, 'chat-repos');
  return {
    chats: new SqlChatsRepository(db),
    messages: new SqlMessagesRepository(db),
    blocks: new SqlBlocksRepository(db),
    refuseMessagesFrom: async (senderId: string) => {
      const name = sql.identifier(`refuse_${senderId.replaceAll('-', '_')}`);
      await db.execute(
        sql`alter table messages add constraint ${name} check (sender_id <> ${sql.raw(`'${senderId}'`)})`,
      );
    },
    markBlocked: async (chatId: string) => {
      await db.execute(sql`update chats set blocked = true where id = ${chatId}`);
    },
    close,
  };
}

const openPglite = () => openSql('PGlite');
const openPostgres = () => openSql('PostgreSQL');

describeChatsRepositoryContract('PGlite', openPglite);
describeMessagesRepositoryContract('PGlite', openPglite);
describeMessageChangesContract('PGlite', openPglite);
describeSyncReadsContract('PGlite', openPglite);
describeMemberSendsContract('PGlite', openPglite);
describeChatsRepositoryContract('PostgreSQL', openPostgres);
describeMessagesRepositoryContract('PostgreSQL', openPostgres);
describeMessageChangesContract('PostgreSQL', openPostgres);
describeSyncReadsContract('PostgreSQL', openPostgres);
describeMemberSendsContract('PostgreSQL', openPostgres);

if (TEST_MONGODB_URL) {
  const openMongo = async (): Promise<ChatRepositoriesUnderTest> => {
    const database = await createMongoTestDatabase();
    const { mongo } = database.connection;
    const refused: string[] = [];
    return {
      chats: await MongoChatsRepository.create(mongo),
      messages: await MongoMessagesRepository.create(mongo),
      blocks: await MongoBlocksRepository.create(mongo),
      refuseMessagesFrom: async (senderId) => {
        refused.push(senderId);
        await mongo.db!.command({
          collMod: 'messages',
          validator: { senderId: { $nin: refused } },
        });
      },
      markBlocked: async (chatId) => {
        await mongo
          .db!.collection<{ _id: string }>('chats')
          .updateOne({ _id: chatId }, { $set: { blocked: true } });
      },
      close: () => database.drop(),
    };
  };
  describeChatsRepositoryContract('MongoDB', openMongo);
  describeMessagesRepositoryContract('MongoDB', openMongo);
  describeMessageChangesContract('MongoDB', openMongo);
  describeSyncReadsContract('MongoDB', openMongo);
  describeMemberSendsContract('MongoDB', openMongo);
} else {
  // The one allowed skip: no MongoDB server can run on this machine (see README, "Choosing a database").
  console.info(
    'ChatsRepository and MessagesRepository contracts: MongoDB skipped (TEST_MONGODB_URL is unset)',
  );
}
