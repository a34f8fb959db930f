import { newId } from '@app/database';
import type { ChatRepositoriesUnderTest } from './chats.repository.contract';
import type { MessagesRepository } from '@src/chat/persistence/messages.repository';

/** chat:sync's reads of many chats at once: the same answers as the per-chat reads. */
export function describeSyncReadsContract(
  adapter: string,
  open: () => Promise<ChatRepositoriesUnderTest>,
): void {
  describe(`MessagesRepository reads for many chats contract: ${adapter}`, () => {
    let subject: ChatRepositoriesUnderTest;
    let messages: MessagesRepository;

    beforeAll(async () => {
      subject = await open();
      ({ messages } = subject);
    });

    afterAll(async () => {
      await subject?.close();
    });

    /** A direct chat of two new people with `count` messages, the second a reply to the first. */
    const chatWith = async (count: number) => {
      const [a, b] = [newId(), newId()];
      const { chat } = await subject.chats.findOrCreateDirect(a, b, a);
      for (let i = 1; i <= count; i += 1) {
        await messages.append({
          chatId: chat.id,
          senderId: i % 2 ? a : b,
          clientMessageId: null,
          kind: 'text',
          text: `m${i}`,
          mediaId: null,
          media: null,
          system: null,
          replyToSeq: i === 2 ? 1 : null,
          mentions: [],
        });
      }
      return chat.id;
    };

    it('pages after each cursor as `page` does, up to its own limit, leaving out chats with nothing new', async () => {
      const [one, two, quiet, skipped] = [
        await chatWith(5),
        await chatWith(3),
        await chatWith(2),
        await chatWith(2),
      ];
      const pages = await messages.pagesAfter([
        { chatId: one, afterSeq: 1, limit: 3 },
        { chatId: two, afterSeq: 0, limit: 2 },
        { chatId: quiet, afterSeq: 2, limit: 3 },
        { chatId: skipped, afterSeq: 0, limit: 0 },
        { chatId: newId(), afterSeq: 0, limit: 3 },
      ]);
      expect([...pages.keys()].sort()).toEqual([one, two].sort());
      expect(pages.get(one)).toEqual(await messages.page(one, { afterSeq: 1, limit: 3 }));
      expect(pages.get(two)).toEqual(await messages.page(two, { afterSeq: 0, limit: 2 }));
      expect(pages.get(two)?.[1].replyTo).toMatchObject({ seq: 1, text: 'm1' });
      expect(await messages.pagesAfter([])).toEqual(new Map());
    });

    it('lists the changes after each cursor as `changedSince` does', async () => {
      const [one, two] = [await chatWith(4), await chatWith(2)];
      const edit = (text: string) => () => ({ text, editedAt: new Date() });
      await messages.change(one, 3, edit('three'));
      await messages.change(one, 1, edit('one'));
      await messages.change(one, 4, edit('four, above the cursor'));
      await messages.change(two, 2, edit('two'));
      const cursors = [
        { chatId: one, afterChangeSeq: 4, atOrBelowSeq: 3, limit: 10 },
        { chatId: two, afterChangeSeq: 2, atOrBelowSeq: 2, limit: 10 },
      ];
      const changed = await messages.changedAfter(cursors);
      for (const cursor of cursors) {
        expect(changed.get(cursor.chatId)).toEqual(
          await messages.changedSince(cursor.chatId, cursor),
        );
      }
      expect(changed.get(one)?.map((m) => m.seq)).toEqual([3, 1]);
      const firstOnly = cursors.map((c) => ({ ...c, limit: c.chatId === one ? 1 : 0 }));
      expect([...(await messages.changedAfter(firstOnly)).entries()]).toEqual([
        [one, [expect.objectContaining({ seq: 3 })]],
      ]);
    });

    it('counts the changes after each cursor up to its limit, reading no message', async () => {
      const [one, two, none] = [await chatWith(4), await chatWith(2), await chatWith(2)];
      const edit = (text: string) => () => ({ text, editedAt: new Date() });
      for (const seq of [1, 2, 3]) await messages.change(one, seq, edit(`edited ${seq}`));
      await messages.change(one, 4, edit('above the cursor'));
      await messages.change(two, 1, edit('one'));
      await messages.change(two, 1, edit('one, again'));
      const counts = await messages.countChangedAfter([
        { chatId: one, afterChangeSeq: 4, atOrBelowSeq: 3, limit: 10 },
        { chatId: two, afterChangeSeq: 2, atOrBelowSeq: 2, limit: 10 },
        { chatId: none, afterChangeSeq: 2, atOrBelowSeq: 2, limit: 10 },
      ]);
      expect(counts).toEqual(
        new Map([
          [one, 3],
          [two, 1],
        ]),
      );
      const capped = await messages.countChangedAfter([
        { chatId: one, afterChangeSeq: 0, atOrBelowSeq: 4, limit: 2 },
      ]);
      expect(capped).toEqual(new Map([[one, 2]]));
    });
  });
}
