import { newId } from '@app/database';
import { openSqlTestDatabase } from '@app/testing';
import { memberText, messageOf } from '../../../../test/contracts/fixtures/stored-messages';
import { SqlChatsRepository } from './sql-chats.repository';
import { SqlMessagesRepository } from './sql-messages.repository';

// The guarantees are the contract's (test/contracts/chat/member-sends.repository.contract.ts);
// this checks that SQL really does store sends arriving together with one statement.
describe('SQL group commit', () => {
  const open = async () => {
    const database = await openSqlTestDatabase('PGlite', 'append-batch');
    return {
      ...database,
      chats: new SqlChatsRepository(database.db),
      messages: new SqlMessagesRepository(database.db),
    };
  };

  it('stores thirty sends to three chats, arriving together, with one statement', async () => {
    const { db, close, chats, messages } = await open();
    try {
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
      const statements = jest.spyOn(db._.session, 'prepareQuery');
      const results = await Promise.all(
        groups.flatMap(({ chatId, users }) =>
          Array.from({ length: 10 }, (_, n) =>
            messages.appendFromMember(memberText(chatId, users[n % 2], `m-${n}`)),
          ),
        ),
      );
      expect(results.every((r) => r.outcome === 'created')).toBe(true);
      expect(statements).toHaveBeenCalledTimes(1);
      expect(results.map((r) => messageOf(r).seq)).toEqual(
        [1, 2, 3].flatMap(() => Array.from({ length: 10 }, (_, n) => n + 2)),
      );
    } finally {
      await close();
    }
  });

  it('stores one of twenty copies of one send arriving together, and answers the others with it', async () => {
    const { close, chats, messages } = await open();
    try {
      const users = [newId(), newId()];
      const { chat } = await chats.createGroup({
        name: 'G',
        createdBy: users[0],
        memberIds: users,
      });
      const results = await Promise.all([
        messages.appendFromMember(memberText(chat.id, users[1], 'other')),
        ...Array.from({ length: 20 }, () =>
          messages.appendFromMember(memberText(chat.id, users[0], 'resent')),
        ),
      ]);
      const copies = results.slice(1);
      // The batch stores the first copy; the others, left to the single statement, find it.
      expect(copies.filter((r) => r.outcome === 'created')).toHaveLength(1);
      expect(copies.filter((r) => r.outcome === 'stored')).toHaveLength(19);
      expect(new Set(copies.map((r) => messageOf(r).id)).size).toBe(1);
      expect((await messages.page(chat.id, { afterSeq: 0, limit: 10 })).map((m) => m.seq)).toEqual([
        1, 2, 3,
      ]);
    } finally {
      await close();
    }
  });
});
