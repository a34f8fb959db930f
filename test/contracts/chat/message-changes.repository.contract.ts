import { newId } from '@app/database';
import {
  MUTED_FOREVER,
  type MessageRecord,
  type NewMessage,
} from '@src/chat/persistence/chat.records';
import type { ChatsRepository } from '@src/chat/persistence/chats.repository';
import type { ChatRepositoriesUnderTest } from './chats.repository.contract';
import type { MessagesRepository } from '@src/chat/persistence/messages.repository';

const message = (chatId: string, senderId: string, text: string, more: Partial<NewMessage> = {}) =>
  ({
    chatId,
    senderId,
    clientMessageId: null,
    kind: 'text',
    text,
    mediaId: null,
    media: null,
    system: null,
    replyToSeq: null,
    mentions: [],
    ...more,
  }) satisfies NewMessage;

/**
 * The change log every `MessagesRepository` adapter keeps (edits, deletions, reactions, replies,
 * mentions); run once per reachable database, next to the messages contract.
 */
export function describeMessageChangesContract(
  adapter: string,
  open: () => Promise<ChatRepositoriesUnderTest>,
): void {
  describe(`MessagesRepository change log contract: ${adapter}`, () => {
    let subject: ChatRepositoriesUnderTest;
    let chats: ChatsRepository;
    let messages: MessagesRepository;

    beforeAll(async () => {
      subject = await open();
      ({ chats, messages } = subject);
    });

    afterAll(async () => {
      await subject?.close();
    });

    /** A direct chat of two new users, without messages. */
    const newChat = async () => {
      const users = [newId(), newId()];
      const { chat } = await chats.findOrCreateDirect(users[0], users[1], users[0]);
      return { chatId: chat.id, users };
    };

    const send = async (chatId: string, senderId: string, text: string, more = {}) =>
      (await messages.append(message(chatId, senderId, text, more))).message;

    const head = async (chatId: string) => (await chats.findById(chatId))!;

    const edit = (text: string) => () => ({ text, editedAt: new Date() });

    it('gives every new message the next change seq, in step with the chat', async () => {
      const { chatId, users } = await newChat();
      const sent = [];
      for (const text of ['a', 'b', 'c']) sent.push(await send(chatId, users[0], text));
      expect(sent.map((m) => [m.seq, m.changeSeq])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
      ]);
      expect(await head(chatId)).toMatchObject({ lastSeq: 3, lastChangeSeq: 3 });
      expect(sent[0]).toMatchObject({ reactions: [], mentions: [], replyTo: null });
    });

    it('applies a change with the next change seq, and search finds the new text only', async () => {
      const { chatId, users } = await newChat();
      await send(chatId, users[0], 'original wording');
      await send(chatId, users[1], 'later');
      const result = await messages.change(chatId, 1, edit('corrected wording'));
      expect(result).toMatchObject({ changed: true, message: { seq: 1, changeSeq: 3 } });
      expect(result!.message.editedAt).toBeInstanceOf(Date);
      expect(await messages.findBySeq(chatId, 1)).toEqual(result!.message);
      expect(await head(chatId)).toMatchObject({ lastSeq: 2, lastChangeSeq: 3 });
      const found = async (text: string) =>
        (await messages.search(users[1], { text, chatId, limit: 10 })).map((m) => m.seq);
      expect(await found('corrected')).toEqual([1]);
      expect(await found('original')).toEqual([]);
    });

    it('uses no change seq when the decision is to change nothing, or to refuse', async () => {
      const { chatId, users } = await newChat();
      const sent = await send(chatId, users[0], 'hi');
      expect(await messages.change(chatId, 1, () => null)).toEqual({
        message: sent,
        changed: false,
      });
      await expect(
        messages.change(chatId, 1, () => {
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(await messages.change(chatId, 2, edit('x'))).toBeNull();
      expect(await messages.change(newId(), 1, edit('x'))).toBeNull();
      expect(await head(chatId)).toMatchObject({ lastChangeSeq: 1 });
      expect(await messages.findBySeq(chatId, 1)).toEqual(sent);
    });

    it('serialises concurrent changes: 12 people reacting at once all count, each with its own change seq', async () => {
      const { chatId, users } = await newChat();
      await send(chatId, users[0], 'react to me');
      const people = Array.from({ length: 12 }, () => newId());
      const results = await Promise.all(
        people.map((userId) =>
          messages.change(chatId, 1, (current) => ({
            reactions: [
              { emoji: '👍', userIds: [...(current.reactions[0]?.userIds ?? []), userId] },
            ],
          })),
        ),
      );
      const changeSeqs = results.map((r) => r!.message.changeSeq).sort((a, b) => a - b);
      expect(changeSeqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
      const final = await messages.findBySeq(chatId, 1);
      expect(final!.changeSeq).toBe(13);
      expect([...final!.reactions[0].userIds].sort()).toEqual([...people].sort());
      expect(await head(chatId)).toMatchObject({ lastChangeSeq: 13 });
    });

    it('keeps the chat list summary in step when the newest message is edited or deleted', async () => {
      const { chatId, users } = await newChat();
      await send(chatId, users[0], 'first');
      await send(chatId, users[0], 'second');
      await messages.change(chatId, 1, edit('first, edited'));
      expect((await head(chatId)).lastMessage).toMatchObject({ seq: 2, text: 'second' });
      await messages.change(chatId, 2, edit('second, edited'));
      expect((await head(chatId)).lastMessage).toMatchObject({
        seq: 2,
        text: 'second, edited',
        deletedAt: null,
      });
      const deletedAt = new Date();
      await messages.change(chatId, 2, () => ({ text: null, deletedAt }));
      expect((await head(chatId)).lastMessage).toMatchObject({ seq: 2, text: null, deletedAt });
    });

    it('clears what a deletion clears: search and image access forget it', async () => {
      const { chatId, users } = await newChat();
      const mediaId = newId();
      await messages.append(
        message(chatId, users[0], 'holiday snapshot', {
          kind: 'image',
          mediaId,
          media: {
            id: mediaId,
            url: `/api/v1/media/${mediaId}`,
            thumbnailUrl: `/api/v1/media/${mediaId}/thumbnail`,
            mimeType: 'image/png',
            size: 10,
            width: 1,
            height: 1,
          },
          mentions: [users[1]],
        }),
      );
      expect(await messages.isMediaPostedInChatOf(users[1], mediaId)).toBe(true);
      const deletedAt = new Date();
      const { message: tombstone } = (await messages.change(chatId, 1, () => ({
        text: null,
        mediaId: null,
        media: null,
        mentions: [],
        reactions: [],
        deletedAt,
      })))!;
      expect(tombstone).toMatchObject({
        seq: 1,
        kind: 'image',
        senderId: users[0],
        text: null,
        mediaId: null,
        media: null,
        mentions: [],
        deletedAt,
      });
      expect(await messages.isMediaPostedInChatOf(users[1], mediaId)).toBe(false);
      expect(await messages.search(users[1], { text: 'holiday', limit: 5 })).toEqual([]);
      expect(await messages.unreadMentions(users[1], [chatId])).toEqual(new Map());
    });

    it('quotes the original in a reply as it is now: cut to 200 characters, edited, then gone', async () => {
      const { chatId, users } = await newChat();
      const long = '🙂'.repeat(150) + 'x'.repeat(100);
      await send(chatId, users[0], long);
      const reply = await send(chatId, users[1], 'answer', { replyToSeq: 1 });
      const quote = {
        seq: 1,
        senderId: users[0],
        kind: 'text',
        text: Array.from(long).slice(0, 200).join(''),
      };
      expect(reply).toMatchObject({ replyToSeq: 1, replyTo: quote });
      const pageOf = async () => (await messages.page(chatId, { afterSeq: 1, limit: 5 }))[0];
      expect((await pageOf()).replyTo).toEqual(quote);
      await messages.change(chatId, 1, edit('short now'));
      expect((await pageOf()).replyTo).toEqual({ ...quote, text: 'short now' });
      await messages.change(chatId, 1, () => ({ text: null, deletedAt: new Date() }));
      expect((await pageOf()).replyTo).toBeNull();
      expect((await messages.findBySeq(chatId, 2))!.replyTo).toBeNull();
    });

    it('lists the messages changed since a change seq, in change order, bounded and below a seq', async () => {
      const { chatId, users } = await newChat();
      for (const text of ['1', '2', '3', '4']) await send(chatId, users[0], text); // changeSeq 1-4
      await messages.change(chatId, 3, edit('3 edited')); // 5
      await messages.change(chatId, 1, edit('1 edited')); // 6
      await messages.change(chatId, 4, edit('4 edited')); // 7
      const seqs = (found: MessageRecord[]) => found.map((m) => [m.seq, m.changeSeq]);
      const since = (query: { afterChangeSeq: number; atOrBelowSeq?: number; limit: number }) =>
        messages.changedSince(chatId, query).then(seqs);
      expect(await since({ afterChangeSeq: 2, limit: 10 })).toEqual([
        [3, 5],
        [1, 6],
        [4, 7],
      ]);
      expect(await since({ afterChangeSeq: 4, atOrBelowSeq: 3, limit: 10 })).toEqual([
        [3, 5],
        [1, 6],
      ]);
      expect(await since({ afterChangeSeq: 0, limit: 2 })).toEqual([
        [2, 2],
        [3, 5],
      ]);
    });

    it('counts unread mentions per chat: past the read mark, not deleted', async () => {
      const a = await newChat();
      const b = await newChat();
      const me = a.users[1];
      await send(a.chatId, a.users[0], '@me one', { mentions: [me] });
      await send(a.chatId, a.users[0], 'no mention');
      await send(a.chatId, a.users[0], '@me two', { mentions: [me, a.users[0]] });
      await send(a.chatId, a.users[0], '@me three', { mentions: [me] });
      expect(await messages.unreadMentions(me, [a.chatId, b.chatId])).toEqual(
        new Map([[a.chatId, 3]]),
      );
      await chats.markRead(a.chatId, me, 1);
      await messages.change(a.chatId, 4, () => ({
        text: null,
        mentions: [],
        deletedAt: new Date(),
      }));
      expect(await messages.unreadMentions(me, [a.chatId])).toEqual(new Map([[a.chatId, 1]]));
      expect(await messages.unreadMentions(a.users[0], [a.chatId])).toEqual(new Map());
    });

    it('leaves deleted messages and muted chats out of the unread reminder', async () => {
      const { chatId, users } = await newChat();
      const since = new Date(Date.now() - 1000);
      await send(chatId, users[0], 'one');
      await send(chatId, users[0], 'two');
      await messages.change(chatId, 2, () => ({ text: null, deletedAt: new Date() }));
      expect(await messages.unreadSince(users[1], since)).toEqual({ messages: 1, chats: 1 });
      const muted = await chats.setMutedUntil(chatId, users[1], MUTED_FOREVER);
      expect(muted).toMatchObject({ userId: users[1], mutedUntil: MUTED_FOREVER });
      expect(await messages.unreadSince(users[1], since)).toEqual({ messages: 0, chats: 0 });
      await chats.setMutedUntil(chatId, users[1], new Date(Date.now() - 1));
      expect(await messages.unreadSince(users[1], since)).toEqual({ messages: 1, chats: 1 });
      expect(await chats.setMutedUntil(chatId, newId(), null)).toBeNull();
      expect(await chats.setMutedUntil(chatId, users[1], null)).toMatchObject({ mutedUntil: null });
    });

    it('reads each chat’s heads: its last seq and its change log’s', async () => {
      const { chatId, users } = await newChat();
      await send(chatId, users[0], 'x');
      await messages.change(chatId, 1, edit('y'));
      expect(await chats.heads([chatId, newId()])).toEqual(
        new Map([[chatId, { lastSeq: 1, lastChangeSeq: 2 }]]),
      );
    });
  });
}
