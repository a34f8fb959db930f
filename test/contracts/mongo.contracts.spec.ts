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
 * names: `npm run test:mongo` runs this file on the stand-in of test/mongo-stand-in. `npm test`
 * leaves it out unless TEST_MONGODB_URL is set, and says so (jest.config.js, test/global-setup.ts).
 */
if (!TEST_MONGODB_URL) {
  throw new Error('The MongoDB contracts need TEST_MONGODB_URL (npm run test:mongo sets it)');
}

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
