import { newId } from '@app/database';
import { messageOf, range, storedMediaView as mediaView } from '../fixtures/stored-messages';
import type { NewMessage } from '@src/chat/persistence/chat.records';
import type { ChatsRepository } from '@src/chat/persistence/chats.repository';
import type { ChatRepositoriesUnderTest } from './chats.repository.contract';
import type { MessagesRepository } from '@src/chat/persistence/messages.repository';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The behaviour every `MessagesRepository` adapter must have; run once per reachable database. */
export function describeMessagesRepositoryContract(
  adapter: string,
  open: () => Promise<ChatRepositoriesUnderTest>,
): void {
  describe(`MessagesRepository contract: ${adapter}`, () => {
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

    const text = (chatId: string, senderId: string, body: string, clientMessageId?: string) =>
      messages.append({
        chatId,
        senderId,
        clientMessageId: clientMessageId ?? null,
        kind: 'text',
        text: body,
        mediaId: null,
        media: null,
        system: null,
        replyToSeq: null,
        mentions: [],
      });

    /** A group of new users; its first message (seq 1) is `chat_created`. */
    const newGroup = async (memberCount = 2) => {
      const users = Array.from({ length: memberCount }, () => newId());
      const { chat } = await chats.createGroup({
        name: 'G',
        createdBy: users[0],
        memberIds: users,
      });
      return { chatId: chat.id, users };
    };

    const allSeqs = async (chatId: string) =>
      (await messages.page(chatId, { afterSeq: 0, limit: 1000 })).map((m) => m.seq);

    describe('appending', () => {
      it('numbers messages 1, 2, 3 per chat and stores every field', async () => {
        // A direct chat: it starts without messages.
        const users = [newId(), newId()];
        const chatId = (await chats.findOrCreateDirect(users[0], users[1], users[0])).chat.id;
        const imageId = newId();
        const image: NewMessage = {
          chatId,
          senderId: users[1],
          clientMessageId: 'c-img',
          kind: 'image',
          text: 'caption',
          mediaId: imageId,
          media: mediaView(imageId),
          system: null,
          replyToSeq: null,
          mentions: [],
        };
        const system: NewMessage = {
          chatId,
          senderId: users[0],
          clientMessageId: null,
          kind: 'system',
          text: null,
          mediaId: null,
          media: null,
          system: { type: 'members_added', actorId: users[0], userIds: [users[1]] },
          replyToSeq: null,
          mentions: [],
        };
        const first = await text(chatId, users[0], 'hi');
        const second = await messages.append(image);
        const third = await messages.append(system);
        expect([first, second, third].map((r) => [r.message.seq, r.outcome])).toEqual([
          [1, 'created'],
          [2, 'created'],
          [3, 'created'],
        ]);
        expect(second.message).toMatchObject({ ...image, editedAt: null, deletedAt: null });
        expect(third.message).toMatchObject(system);
        expect(second.message.id).toMatch(UUID_V7);
        expect(second.message.createdAt).toBeInstanceOf(Date);
        expect(await messages.page(chatId, { limit: 10 })).toEqual(
          [third, second, first].map((r) => r.message),
        );
        expect(
          await allSeqs((await chats.findOrCreateDirect(newId(), newId(), newId())).chat.id),
        ).toEqual([]);
      });

      it('gives 20 concurrent senders the next seqs, no gap and no repeat', async () => {
        const { chatId, users } = await newGroup(20);
        const results = await Promise.all(users.map((u, i) => text(chatId, u, `m${i}`)));
        expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(range(2, 21));
        expect(await allSeqs(chatId)).toEqual(range(1, 21));
        expect((await chats.findById(chatId))!.lastSeq).toBe(21);
      });

      it('keeps the chat’s last message, activity and the sender’s marks in step', async () => {
        const { chatId, users } = await newGroup(3);
        const before = (await chats.findById(chatId))!;
        await new Promise((resolve) => setTimeout(resolve, 5));
        await text(chatId, users[1], 'first');
        const long = `${'é'.repeat(150)}${'😀'.repeat(100)}`;
        const { message } = await text(chatId, users[0], long);
        expect(message.text).toBe(long);

        const chat = (await chats.findById(chatId))!;
        expect(chat.lastSeq).toBe(3);
        expect(chat.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
        expect(chat.lastMessage).toEqual({
          id: message.id,
          seq: 3,
          senderId: users[0],
          kind: 'text',
          text: `${'é'.repeat(150)}${'😀'.repeat(50)}`,
          createdAt: message.createdAt,
          attachmentName: null,
          deletedAt: null,
          system: null,
        });
        expect(await chats.findMember(chatId, users[0])).toMatchObject({
          lastReadSeq: 3,
          lastDeliveredSeq: 3,
        });
        expect(await chats.findMember(chatId, users[1])).toMatchObject({
          lastReadSeq: 2,
          lastDeliveredSeq: 2,
        });
        expect(await chats.findMember(chatId, users[2])).toMatchObject({
          lastReadSeq: 0,
          lastDeliveredSeq: 0,
        });
      });

      it('refuses a message for a chat that does not exist', async () => {
        await expect(text(newId(), newId(), 'lost')).rejects.toThrow();
      });
    });

    describe('client message ids', () => {
      it('stores a resent message once and returns the original, using no seq', async () => {
        const { chatId, users } = await newGroup();
        const original = await text(chatId, users[0], 'once', 'client-1');
        const resent = await text(chatId, users[0], 'once, edited on resend', 'client-1');
        expect(original.outcome).toBe('created');
        expect(resent).toEqual({ outcome: 'stored', message: original.message });
        expect(await messages.findByClientMessageId(users[0], 'client-1')).toEqual(
          original.message,
        );
        expect(await messages.findByClientMessageId(users[1], 'client-1')).toBeNull();

        // The same client id from another sender is another message.
        expect((await text(chatId, users[1], 'mine', 'client-1')).message.seq).toBe(3);
        expect((await text(chatId, users[0], 'next')).message.seq).toBe(4);
        expect((await chats.findById(chatId))!.lastSeq).toBe(4);
      });

      it('stores ten concurrent copies once, created exactly once, and leaves no gap', async () => {
        const { chatId, users } = await newGroup();
        await text(chatId, users[1], 'before');
        const results = await Promise.all(
          Array.from({ length: 10 }, () => text(chatId, users[0], 'race', 'client-race')),
        );
        expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
        expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
        expect(results[0].message.seq).toBe(3);
        expect((await chats.findById(chatId))!.lastSeq).toBe(3);

        expect((await text(chatId, users[1], 'after')).message.seq).toBe(4);
        expect(await allSeqs(chatId)).toEqual([1, 2, 3, 4]);
      });

      it('never treats messages without a client id as duplicates', async () => {
        const { chatId, users } = await newGroup();
        await text(chatId, users[0], 'a');
        await text(chatId, users[0], 'a');
        expect(await allSeqs(chatId)).toEqual([1, 2, 3]);
      });
    });

    describe('appending as a member', () => {
      const fromMember = (
        chatId: string,
        senderId: string,
        body: string,
        clientMessageId: string,
        mentions: string[] = [],
      ) =>
        messages.appendFromMember({
          chatId,
          senderId,
          clientMessageId,
          kind: 'text',
          text: body,
          mediaId: null,
          media: null,
          system: null,
          replyToSeq: null,
          mentions,
        });

      it('stores a message from a member like append does, marks included', async () => {
        const { chatId, users } = await newGroup();
        const appended = await fromMember(chatId, users[1], 'hello', 'm-1');
        expect(appended).toMatchObject({ outcome: 'created', message: { seq: 2, text: 'hello' } });
        expect(await chats.findMember(chatId, users[1])).toMatchObject({
          lastReadSeq: 2,
          lastDeliveredSeq: 2,
        });
      });

      it('stores mentions without the people who blocked the sender, the rest in their order', async () => {
        const { chatId, users } = await newGroup(4);
        const [sender, blocker, other, blockedBySender] = users;
        await subject.blocks.block(blocker, sender);
        // The sender's own blocks, and blocks of other people, change nothing.
        await subject.blocks.block(sender, blockedBySender);
        await subject.blocks.block(other, blocker);
        const mentions = [other, blocker, blockedBySender];
        const sent = await fromMember(chatId, sender, 'hi all', 'mb-1', mentions);
        expect(messageOf(sent).mentions).toEqual([other, blockedBySender]);
        expect((await messages.findBySeq(chatId, messageOf(sent).seq))!.mentions).toEqual([
          other,
          blockedBySender,
        ]);
        const back = await fromMember(chatId, blocker, 'hi', 'mb-2', [sender, other]);
        expect(messageOf(back).mentions).toEqual([sender]);
        expect(await messages.unreadMentions(blocker, [chatId])).toEqual(new Map());
        expect(await messages.unreadMentions(other, [chatId])).toEqual(new Map([[chatId, 1]]));
      });

      it('writes nothing and uses no seq for someone outside the chat or a missing chat', async () => {
        const { chatId, users } = await newGroup();
        expect(await fromMember(chatId, newId(), 'intruder', 'x-1')).toEqual({
          outcome: 'refused',
        });
        expect(await fromMember(newId(), users[0], 'nowhere', 'x-2')).toEqual({
          outcome: 'refused',
        });
        expect((await chats.findById(chatId))!.lastSeq).toBe(1);
        expect(messageOf(await fromMember(chatId, users[0], 'first', 'x-3')).seq).toBe(2);
        expect(await allSeqs(chatId)).toEqual([1, 2]);
      });

      it('returns the original to a retry only while the sender is still a member', async () => {
        const { chatId, users } = await newGroup(3);
        const original = await fromMember(chatId, users[2], 'once', 'r-1');
        expect(await fromMember(chatId, users[2], 'once', 'r-1')).toEqual({
          outcome: 'stored',
          message: messageOf(original),
        });
        await chats.removeMember(chatId, users[2], users[0]);
        expect(await fromMember(chatId, users[2], 'once', 'r-1')).toEqual({ outcome: 'refused' });
        expect(await allSeqs(chatId)).toEqual([1, 2, 3]);
      });

      it('lets a member removed a moment ago add nothing while others keep gap-free seqs', async () => {
        const { chatId, users } = await newGroup(3);
        await chats.removeMember(chatId, users[2], users[0]);
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            fromMember(chatId, users[i % 3], `m${i}`, `race-${i}`),
          ),
        );
        expect(results.filter((r) => r.outcome === 'refused')).toHaveLength(2);
        expect(await allSeqs(chatId)).toEqual(range(1, 6));
      });
    });

    describe('pages of a chat', () => {
      let chatId: string;

      beforeAll(async () => {
        const group = await newGroup();
        chatId = group.chatId;
        // Seq 1 is the group's `chat_created`; 2..10 are texts.
        for (const i of range(2, 10)) await text(chatId, group.users[0], `p${i}`);
      });

      const seqs = async (query: Parameters<MessagesRepository['page']>[1]) =>
        (await messages.page(chatId, query)).map((m) => m.seq);

      it('starts with the newest', async () => {
        expect(await seqs({ limit: 3 })).toEqual([10, 9, 8]);
      });

      it('goes back before a seq, newest first', async () => {
        expect(await seqs({ beforeSeq: 8, limit: 3 })).toEqual([7, 6, 5]);
        expect(await seqs({ beforeSeq: 3, limit: 5 })).toEqual([2, 1]);
        expect(await seqs({ beforeSeq: 1, limit: 5 })).toEqual([]);
      });

      it('catches up after a seq, oldest first', async () => {
        expect(await seqs({ afterSeq: 4, limit: 3 })).toEqual([5, 6, 7]);
        expect(await seqs({ afterSeq: 8, limit: 5 })).toEqual([9, 10]);
        expect(await seqs({ afterSeq: 10, limit: 5 })).toEqual([]);
      });
    });

    describe('search', () => {
      const [me, friend] = [newId(), newId()];
      let mine: string;
      let shared: string;
      let foreign: string;

      beforeAll(async () => {
        mine = (await chats.createGroup({ name: 'S1', createdBy: me, memberIds: [] })).chat.id;
        shared = (await chats.findOrCreateDirect(me, friend, me)).chat.id;
        foreign = (await chats.createGroup({ name: 'S3', createdBy: friend, memberIds: [] })).chat
          .id;
        await text(mine, me, 'Zebra crossing at noon');
        // Both match; apart by a few milliseconds so "newest first" has one answer.
        await new Promise((resolve) => setTimeout(resolve, 5));
        await text(shared, friend, 'the ZEBRA escaped');
        await text(foreign, friend, 'zebra secrets');
        await text(shared, me, 'nothing to see');
        const imageId = newId();
        await messages.append({
          chatId: shared,
          senderId: friend,
          clientMessageId: null,
          kind: 'image',
          text: 'zebra photo',
          mediaId: imageId,
          media: mediaView(imageId),
          system: null,
          replyToSeq: null,
          mentions: [],
        });
      });

      const found = async (query: { text: string; chatId?: string; limit?: number }) =>
        (await messages.search(me, { limit: 10, ...query })).map((m) => m.text);

      it('finds text messages and image captions of the user’s chats only, newest first, ignoring case', async () => {
        expect(await found({ text: 'zebra' })).toEqual([
          'zebra photo',
          'the ZEBRA escaped',
          'Zebra crossing at noon',
        ]);
        expect(await found({ text: 'ZeBrA', limit: 1 })).toEqual(['zebra photo']);
        expect(await messages.search(friend, { text: 'secrets', limit: 10 })).toHaveLength(1);
        expect(await found({ text: 'secrets' })).toEqual([]);
      });

      it('needs every word', async () => {
        expect(await found({ text: 'zebra noon' })).toEqual(['Zebra crossing at noon']);
        expect(await found({ text: 'zebra giraffe' })).toEqual([]);
      });

      it('narrows to one chat, still only one the user is in', async () => {
        expect(await found({ text: 'zebra', chatId: shared })).toEqual([
          'zebra photo',
          'the ZEBRA escaped',
        ]);
        expect(await found({ text: 'zebra', chatId: foreign })).toEqual([]);
      });

      describe('as people type', () => {
        beforeAll(async () => {
          // One chat, sent one after another: newest first is by seq.
          for (const body of [
            'Lorem ipsum dolor sit amet',
            'Two lines of text',
            'hello world',
            'hello there',
          ]) {
            await text(mine, me, body);
          }
        });

        it('matches the last word as the start of a word', async () => {
          expect(await found({ text: 'lor' })).toEqual(['Lorem ipsum dolor sit amet']);
          expect(await found({ text: 'line' })).toEqual(['Two lines of text']);
          expect(await found({ text: 'hello wor' })).toEqual(['hello world']);
          expect(await found({ text: 'hello' })).toEqual(['hello there', 'hello world']);
          // The start of a word, not anywhere inside one.
          expect(await found({ text: 'orem' })).toEqual([]);
        });

        it('needs every word before the last whole', async () => {
          expect(await found({ text: 'lines te' })).toEqual(['Two lines of text']);
          expect(await found({ text: 'line text' })).toEqual([]);
          expect(await found({ text: 'hel world' })).toEqual([]);
          expect(await found({ text: 'ipsum dolor sit a' })).toEqual([
            'Lorem ipsum dolor sit amet',
          ]);
        });

        it('ignores case in every word', async () => {
          expect(await found({ text: 'LOR' })).toEqual(['Lorem ipsum dolor sit amet']);
          expect(await found({ text: 'HELLO Wor' })).toEqual(['hello world']);
          expect(await found({ text: 'lOrEm IPS' })).toEqual(['Lorem ipsum dolor sit amet']);
        });

        it('reads query syntax and punctuation as spaces between words', async () => {
          // tsquery operators, text-search quotes and negation: words, all required.
          expect(await found({ text: '(lorem) | !ipsum:*' })).toEqual([
            'Lorem ipsum dolor sit amet',
          ]);
          expect(await found({ text: '"zebra" -noon' })).toEqual(['Zebra crossing at noon']);
          expect(await found({ text: 'zebra|lorem' })).toEqual([]);
          for (const hostile of ['a:* | !b & (c', '\\', '*', '.*', 'z.bra', 'x'.repeat(200)]) {
            expect(await found({ text: hostile })).toEqual([]);
          }
        });
      });
    });

    describe('posted images', () => {
      it('tells whether an image was posted in a chat the user is a member of now', async () => {
        const { chatId, users } = await newGroup(2);
        const [sender, member] = users;
        const outsider = newId();
        const imageId = newId();
        const notPosted = newId();
        await messages.append({
          chatId,
          senderId: sender,
          clientMessageId: null,
          kind: 'image',
          text: null,
          mediaId: imageId,
          media: mediaView(imageId),
          system: null,
          replyToSeq: null,
          mentions: [],
        });
        expect(await messages.isMediaPostedInChatOf(member, imageId)).toBe(true);
        expect(await messages.isMediaPostedInChatOf(sender, imageId)).toBe(true);
        expect(await messages.isMediaPostedInChatOf(outsider, imageId)).toBe(false);
        expect(await messages.isMediaPostedInChatOf(member, notPosted)).toBe(false);
        await chats.removeMember(chatId, member, member);
        expect(await messages.isMediaPostedInChatOf(member, imageId)).toBe(false);
      });
    });

    describe('unread since a moment', () => {
      it('counts messages after the moment, past the read mark, not sent by the user, and their chats', async () => {
        const a = await newGroup(2);
        const b = await newGroup(2);
        const [me, other] = a.users;
        await chats.addMembers(b.chatId, [me], b.users[0]);
        await text(a.chatId, other, 'before');
        await new Promise((resolve) => setTimeout(resolve, 10));
        const since = new Date();
        await new Promise((resolve) => setTimeout(resolve, 10));
        expect(await messages.unreadSince(me, since)).toEqual({ messages: 0, chats: 0 });
        // Sending moves the sender's read mark, so their own message comes first here.
        await text(a.chatId, me, 'mine');
        await text(a.chatId, other, 'one');
        const two = await text(a.chatId, other, 'two');
        await text(b.chatId, b.users[0], 'elsewhere');
        expect(await messages.unreadSince(me, since)).toEqual({ messages: 3, chats: 2 });
        await chats.markRead(a.chatId, me, two.message.seq);
        expect(await messages.unreadSince(me, since)).toEqual({ messages: 1, chats: 1 });
        expect(await messages.unreadSince(newId(), since)).toEqual({ messages: 0, chats: 0 });
      });

      it('leaves out messages from people the user blocked, and their chat if nothing else is new', async () => {
        const a = await newGroup(3);
        const b = await newGroup(2);
        const [me, blocked, other] = a.users;
        await chats.addMembers(b.chatId, [me], b.users[0]);
        await subject.blocks.block(me, blocked);
        await subject.blocks.block(b.users[0], me);
        await new Promise((resolve) => setTimeout(resolve, 10));
        const since = new Date();
        await new Promise((resolve) => setTimeout(resolve, 10));
        await text(a.chatId, blocked, 'hidden');
        await text(b.chatId, b.users[0], 'from someone who blocked me: still counted');
        expect(await messages.unreadSince(me, since)).toEqual({ messages: 1, chats: 1 });
        await text(a.chatId, other, 'counted');
        expect(await messages.unreadSince(me, since)).toEqual({ messages: 2, chats: 2 });
        await subject.blocks.unblock(me, blocked);
        expect(await messages.unreadSince(me, since)).toEqual({ messages: 3, chats: 2 });
      });
    });
  });
}
