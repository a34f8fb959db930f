import { newId } from '@app/database';
import { openSqlTestDatabase } from '@app/testing';
import { SqlChatsRepository } from './sql-chats.repository';
import { SqlMessagesRepository } from './sql-messages.repository';

// The guarantees are the contract's (member-sends.repository.contract.ts); this checks that SQL
// really does store sends arriving together with one statement.
describe('SQL group commit', () => {
  it('stores thirty sends to three chats, arriving together, with one statement', async () => {
    const { db, close } = await openSqlTestDatabase('PGlite', 'append-batch');
    try {
      const chats = new SqlChatsRepository(db);
      const messages = new SqlMessagesRepository(db);
      const groups = await Promise.all(
        [1, 2, 3].map(async () => {
          const users = [newId(), newId()];
          const { chat } = await chats.createGroup({
            name: 'G',
            createdBy: users[0],
            memberIds: users,
          });
          return { chatId: chat.id, users };
        }),
      );
      const execute = jest.spyOn(db, 'execute');
      const results = await Promise.all(
        groups.flatMap(({ chatId, users }) =>
          Array.from({ length: 10 }, (_, n) =>
            messages.appendFromMember({
              chatId,
              senderId: users[n % 2],
              clientMessageId: `m-${n}`,
              kind: 'text',
              text: `m-${n}`,
              mediaId: null,
              media: null,
              system: null,
              replyToSeq: null,
              mentions: [],
            }),
          ),
        ),
      );
      expect(results.every((r) => r?.created)).toBe(true);
      expect(execute).toHaveBeenCalledTimes(1);
      expect(results.map((r) => r!.message.seq)).toEqual(
        [1, 2, 3].flatMap(() => Array.from({ length: 10 }, (_, n) => n + 2)),
      );
    } finally {
      await close();
    }
  });
});
