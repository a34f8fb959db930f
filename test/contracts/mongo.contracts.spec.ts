import { createMongoTestDatabase, TEST_MONGODB_URL } from '@app/testing';
import { directKeyOf } from '@src/chat/persistence/direct-key';
import { MongoBlocksRepository } from '@src/chat/persistence/mongo/mongo-blocks.repository';
import { MongoChatsRepository } from '@src/chat/persistence/mongo/mongo-chats.repository';
import { MongoMessagesRepository } from '@src/chat/persistence/mongo/mongo-messages.repository';
import { MongoMediaRepository } from '@src/media/persistence/mongo/mongo-media.repository';
import { MongoUsersRepository } from '@src/users/persistence/mongo/mongo-users.repository';
import { runDatabaseContracts } from './registry';

/**
 * The MongoDB adapters, each suite on a database of its own on the server TEST_MONGODB_URL
 * names: `npm run test:mongo` runs this file on the stand-in of test/mongo-stand-in.
 */
if (TEST_MONGODB_URL) {
  runDatabaseContracts('MongoDB', {
    chat: async () => {
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
    },
    blocks: async () => {
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
    },
    users: async () => {
      const database = await createMongoTestDatabase();
      return {
        users: await MongoUsersRepository.create(database.connection.mongo),
        close: () => database.drop(),
      };
    },
    media: async () => {
      const database = await createMongoTestDatabase();
      return {
        media: await MongoMediaRepository.create(database.connection.mongo),
        close: () => database.drop(),
      };
    },
  });
} else {
  // The one allowed skip: no MongoDB server can run on this machine (see README, "Choosing a
  // database"); `npm run test:mongo` runs these suites on the stand-in. Written to stderr: Jest
  // prints no console output of a file whose every test is skipped.
  process.stderr.write('Repository contracts: MongoDB skipped (TEST_MONGODB_URL is unset)\n');
  it.skip('Repository contracts on MongoDB (TEST_MONGODB_URL is unset: npm run test:mongo)', () => {
    // Shown as skipped in the summary rather than missing.
  });
}
