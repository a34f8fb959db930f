import { newId } from '@app/database';
import {
  memberText,
  messageOf,
  range,
  storedMediaView as mediaView,
} from '../fixtures/stored-messages';
import type { NewMessage } from '@src/chat/persistence/chat.records';
import type { ChatRepositoriesUnderTest } from './chats.repository.contract';

/**
 * Members' sends arriving together, as they do under load: an adapter may store them in batches
 * (group commit on SQL), and every guarantee of a lone send must still hold for each of them.
 */
export function describeMemberSendsContract(
  adapter: string,
  open: () => Promise<ChatRepositoriesUnderTest>,
): void {
  describe(`MessagesRepository, sends arriving together, contract: ${adapter}`, () => {
    let subject: ChatRepositoriesUnderTest;

    beforeAll(async () => {
      subject = await open();
    });

    afterAll(async () => {
      await subject?.close();
    });

    const send = (
      chatId: string,
      senderId: string,
      clientMessageId: string,
      extra: Partial<Omit<NewMessage, 'senderId'>> = {},
    ) => subject.messages.appendFromMember(memberText(chatId, senderId, clientMessageId, extra));

    const newGroup = async (memberCount: number) => {
      const users = Array.from({ length: memberCount }, () => newId());
      const { chat } = await subject.chats.createGroup({
        name: 'G',
        createdBy: users[0],
        memberIds: users,
      });
      return { chatId: chat.id, users };
    };

    const history = (chatId: string) => subject.messages.page(chatId, { afterSeq: 0, limit: 1000 });

    it('gives many chats gap-free seqs at once, each sender’s messages in the order sent', async () => {
      const groups = await Promise.all(Array.from({ length: 6 }, () => newGroup(4)));
      // Four messages from every member of every group, all in flight together.
      const sends = groups.flatMap(({ chatId, users }) =>
        users.flatMap((user) => range(1, 4).map((n) => ({ chatId, user, id: `${user}-${n}` }))),
      );
      const results = await Promise.all(sends.map((s) => send(s.chatId, s.user, s.id)));
      expect(results.every((r) => r.outcome === 'created')).toBe(true);

      for (const { chatId, users } of groups) {
        const stored = await history(chatId);
        expect(stored.map((m) => m.seq)).toEqual(range(1, 17));
        for (const user of users) {
          const own = stored.filter((m) => m.senderId === user && m.kind === 'text');
          expect(own.map((m) => m.text)).toEqual(range(1, 4).map((n) => `${user}-${n}`));
          const lastOwn = own.at(-1)!.seq;
          expect(await subject.chats.findMember(chatId, user)).toMatchObject({
            lastReadSeq: lastOwn,
            lastDeliveredSeq: lastOwn,
          });
        }
        const chat = (await subject.chats.findById(chatId))!;
        expect(chat.lastSeq).toBe(17);
        expect(chat.lastChangeSeq).toBe(17);
        expect(chat.lastMessage).toMatchObject({
          seq: 17,
          id: stored[16].id,
          text: stored[16].text,
        });
      }
      // What each sender was answered is what the history holds.
      const answered = results.map(messageOf);
      const stored = (await Promise.all(groups.map(({ chatId }) => history(chatId)))).flat();
      for (const message of answered) {
        expect(stored.find((m) => m.id === message.id)).toEqual(message);
      }
    });

    it('stores every field of messages sent together: images, replies, mentions', async () => {
      const { chatId, users } = await newGroup(3);
      const original = messageOf(await send(chatId, users[1], 'the original'));
      const mediaId = newId();
      const [image, reply] = await Promise.all([
        send(chatId, users[0], 'image', {
          kind: 'image',
          text: 'caption',
          mediaId,
          media: mediaView(mediaId),
        }),
        send(chatId, users[2], 'reply', { replyToSeq: original.seq, mentions: [users[1]] }),
        send(chatId, users[1], 'plain'),
      ]);
      expect(messageOf(image)).toMatchObject({
        kind: 'image',
        text: 'caption',
        mediaId,
        media: mediaView(mediaId),
      });
      expect(messageOf(reply)).toMatchObject({
        replyToSeq: original.seq,
        mentions: [users[1]],
        replyTo: { seq: original.seq, senderId: users[1], kind: 'text', text: 'the original' },
      });
      const stored = await history(chatId);
      expect(stored.find((m) => m.id === messageOf(reply).id)).toEqual(messageOf(reply));
      expect(stored.find((m) => m.id === messageOf(image).id)).toEqual(messageOf(image));
    });

    it('stores the mentions of messages sent together without the people who blocked each sender', async () => {
      const { chatId, users } = await newGroup(4);
      const [ada, bob, cy, dan] = users;
      await subject.blocks.block(bob, ada);
      await subject.blocks.block(dan, cy);
      const results = await Promise.all([
        send(chatId, ada, 'ada', { mentions: [bob, cy, dan] }),
        send(chatId, cy, 'cy', { mentions: [dan, ada, bob] }),
        send(chatId, bob, 'bob', { mentions: [ada] }),
        send(chatId, dan, 'plain'),
      ]);
      expect(results.map((r) => messageOf(r).mentions)).toEqual([[cy, dan], [ada, bob], [ada], []]);
      const stored = await history(chatId);
      for (const result of results) {
        expect(stored.find((m) => m.id === messageOf(result).id)).toEqual(messageOf(result));
      }
    });

    it('answers copies of one clientMessageId sent together with the one original', async () => {
      const { chatId, users } = await newGroup(3);
      const results = await Promise.all([
        ...range(1, 5).map(() => send(chatId, users[0], 'twice')),
        ...range(1, 10).map((n) => send(chatId, users[n % 2 ? 1 : 2], `other-${n}`)),
      ]);
      const copies = results.slice(0, 5);
      expect(copies.filter((r) => r.outcome === 'created')).toHaveLength(1);
      expect(new Set(copies.map((r) => messageOf(r).id)).size).toBe(1);
      expect((await history(chatId)).map((m) => m.seq)).toEqual(range(1, 12));
    });

    it('answers a clientMessageId sent to two chats together with the one original, in its chat', async () => {
      const first = await newGroup(2);
      const second = await newGroup(2);
      const sender = first.users[0];
      await subject.chats.addMembers(second.chatId, [sender], second.users[0]);
      const before = (await subject.chats.findById(second.chatId))!.lastSeq;
      const [there, elsewhere] = await Promise.all([
        send(first.chatId, sender, 'one id, two chats'),
        send(second.chatId, sender, 'one id, two chats'),
      ]);
      expect(there).toMatchObject({ outcome: 'created', message: { chatId: first.chatId } });
      expect(elsewhere).toEqual({ outcome: 'stored', message: messageOf(there) });
      expect((await subject.chats.findById(second.chatId))!.lastSeq).toBe(before);
    });

    it('answers a retry of a stored message with its original, using no seq, among new ones', async () => {
      const { chatId, users } = await newGroup(3);
      const first = messageOf(await send(chatId, users[0], 'sent before'));
      const results = await Promise.all([
        send(chatId, users[1], 'new-1'),
        send(chatId, users[0], 'sent before'),
        send(chatId, users[2], 'new-2'),
      ]);
      expect(results[1]).toEqual({ outcome: 'stored', message: first });
      expect((await history(chatId)).map((m) => m.seq)).toEqual(range(1, 4));
    });

    it('refuses only the sends that may not be stored: an outsider, a missing chat, a blocked chat', async () => {
      const { chatId, users } = await newGroup(2);
      const blocked = await newGroup(2);
      await subject.markBlocked(blocked.chatId);
      const results = await Promise.all([
        send(chatId, users[0], 'in-1'),
        send(chatId, newId(), 'outsider'),
        send(newId(), users[0], 'nowhere'),
        send(blocked.chatId, blocked.users[1], 'blocked'),
        send(chatId, users[1], 'in-2'),
      ]);
      expect(results.map((r) => r.outcome)).toEqual([
        'created',
        'refused',
        'refused',
        'refused',
        'created',
      ]);
      expect((await history(chatId)).map((m) => m.seq)).toEqual([1, 2, 3]);
      expect((await subject.chats.findById(blocked.chatId))!.lastSeq).toBe(1);
    });

    it('fails one message the database refuses without failing those sent with it', async () => {
      const { chatId, users } = await newGroup(3);
      await subject.refuseMessagesFrom(users[2]);
      const results = await Promise.allSettled(
        range(1, 9).map((n) => send(chatId, users[n % 3], `m-${n}`)),
      );
      expect(results.map((r) => r.status)).toEqual(
        range(1, 9).map((n) => (n % 3 === 2 ? 'rejected' : 'fulfilled')),
      );
      expect((await history(chatId)).map((m) => m.seq)).toEqual(range(1, 7));
    });
  });
}
