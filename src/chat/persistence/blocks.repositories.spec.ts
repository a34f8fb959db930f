import { eq } from 'drizzle-orm';
import {
  createMongoTestDatabase,
  openSqlTestDatabase,
  TEST_MONGODB_URL,
  type SqlTestDatabaseKind,
} from '@app/testing';
import {
  describeBlocksRepositoryContract,
  type BlocksRepositoriesUnderTest,
} from '../../../test/contracts/chat/blocks.repository.contract';
import { chats } from './chats.table';
import { directKeyOf } from './direct-key';
import { MongoBlocksRepository } from './mongo-blocks.repository';
import { MongoChatsRepository } from './mongo-chats.repository';
import { SqlBlocksRepository } from './sql-blocks.repository';
import { SqlChatsRepository } from './sql-chats.repository';

async function openSql(kind: SqlTestDatabaseKind): Promise<BlocksRepositoriesUnderTest> {
  const { db, close } = await openSqlTestDatabase(kind, 'block-repos');
  const directChats = new SqlChatsRepository(db);
  return {
    blocks: new SqlBlocksRepository(db),
    openDirectChat: async (userA: string, userB: string) => {
      await directChats.findOrCreateDirect(userA, userB, userA);
    },
    isDirectChatBlocked: async (userA: string, userB: string) => {
      const [row] = await db
        .select({ blocked: chats.blocked })
        .from(chats)
        .where(eq(chats.directKey, directKeyOf(userA, userB)));
      return row ? row.blocked : null;
    },
    close,
  };
}

describeBlocksRepositoryContract('PGlite', () => openSql('PGlite'));
describeBlocksRepositoryContract('PostgreSQL', () => openSql('PostgreSQL'));

if (TEST_MONGODB_URL) {
  const openMongo = async (): Promise<BlocksRepositoriesUnderTest> => {
    const database = await createMongoTestDatabase();
    const { mongo } = database.connection;
    const directChats = await MongoChatsRepository.create(mongo);
    return {
      blocks: await MongoBlocksRepository.create(mongo),
      openDirectChat: async (userA, userB) => {
        await directChats.findOrCreateDirect(userA, userB, userA);
      },
      isDirectChatBlocked: async (userA, userB) => {
        // The stored document, whatever the chat schema declares: an absent flag is not blocked.
        const chat = await mongo
          .collection<{ directKey: string; blocked?: boolean }>('chats')
          .findOne({ directKey: directKeyOf(userA, userB) });
        return chat ? chat.blocked === true : null;
      },
      close: () => database.drop(),
    };
  };
  describeBlocksRepositoryContract('MongoDB', openMongo);
} else {
  // The one allowed skip: no MongoDB server can run on this machine (see README, "Choosing a database").
  console.info('BlocksRepository contract: MongoDB skipped (TEST_MONGODB_URL is unset)');
}
