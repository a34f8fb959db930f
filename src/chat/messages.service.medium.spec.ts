import { BadRequestException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MAX_MESSAGES_PAGE } from '@app/contracts';
import { startChatServices, type ChatServices } from '../../test/fixtures/chat-services.fixture';

// The chat module over real SQL repositories (PGlite) with fan-out recorded instead of emitted:
// what a sender, a reader and a reconnecting client get, and what the chat is told.
describe('SendPipeline and MessagesService: sending, read marks and catching up', () => {
  let s: ChatServices;

  beforeAll(async () => {
    s = await startChatServices();
  });

  afterAll(() => s.close());

  /** Two new people and their direct chat, which has no message yet. */
  async function directChat() {
    const [ada, bob] = s.directory.add('Ada', 'Bob');
    const { chat } = await s.chats.openDirect(ada, bob);
    return { chatId: chat.id, ada, bob };
  }

  const text = (words: string) => ({ clientMessageId: randomUUID(), text: words });

  /** Sends one message after the other; resolves to their seqs. */
  async function sendSome(userId: string, chatId: string, count: number): Promise<number[]> {
    const seqs: number[] = [];
    for (let i = 1; i <= count; i += 1) {
      seqs.push((await s.sender.send(userId, chatId, text(`message ${i}`))).message.seq);
    }
    return seqs;
  }

  /** The read and delivered marks the chat was told about, in order. */
  const marksTold = (chatId: string) =>
    s.publisher
      .about(chatId)
      .filter((p) => p.event === 'message:read' || p.event === 'message:delivered');

  const storedSeqs = async (userId: string, chatId: string) =>
    (await s.messages.history(userId, chatId, { limit: MAX_MESSAGES_PAGE })).items.map(
      (m) => m.seq,
    );

  describe('sending', () => {
    it('numbers the messages of a chat 1, 2, 3, … in the order they are stored', async () => {
      const { chatId, ada, bob } = await directChat();
      const first = await s.sender.send(ada, chatId, text('hello'));
      expect(first).toMatchObject({
        created: true,
        message: { chatId, seq: 1, senderId: ada, kind: 'text', text: 'hello' },
      });
      expect(await sendSome(bob, chatId, 2)).toEqual([2, 3]);
      expect((await s.chatsRepository.findById(chatId))?.lastSeq).toBe(3);
    });

    it('gives concurrent sends the seqs 1..N, each exactly once', async () => {
      const { chatId, ada, bob } = await directChat();
      const sent = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          s.sender.send(i % 2 ? ada : bob, chatId, text(`${i}`)),
        ),
      );
      const seqs = sent.map((m) => m.message.seq).sort((a, b) => a - b);
      expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('stores a message sent twice with the same clientMessageId once, returning the original', async () => {
      const { chatId, ada } = await directChat();
      const message = text('once');
      const first = await s.sender.send(ada, chatId, message);
      const retry = await s.sender.send(ada, chatId, message);
      expect(retry).toMatchObject({ created: false, message: first.message });
      expect(await storedSeqs(ada, chatId)).toEqual([1]);
    });

    it('announces a new message to the chat once; announcing its retry tells nobody', async () => {
      const { chatId, ada } = await directChat();
      const message = text('news');
      const first = await s.sender.send(ada, chatId, message);
      first.announce();
      (await s.sender.send(ada, chatId, message)).announce();
      expect(s.publisher.told(chatId, 'message:new')).toEqual([
        { event: 'message:new', chatId, message: first.message },
      ]);
    });

    it('refuses a clientMessageId the sender already used in another chat', async () => {
      const { chatId, ada } = await directChat();
      const [cy] = s.directory.add('Cy');
      const other = (await s.chats.openDirect(ada, cy)).chat.id;
      const message = text('here');
      await s.sender.send(ada, chatId, message);
      await expect(s.sender.send(ada, other, message)).rejects.toThrow(
        'clientMessageId was already used for a message in another chat',
      );
      expect((await s.chatsRepository.findById(other))?.lastSeq).toBe(0);
    });

    it('refuses someone who is not a member, and stores nothing', async () => {
      const { chatId } = await directChat();
      const [eve] = s.directory.add('Eve');
      await expect(s.sender.send(eve, chatId, text('let me in'))).rejects.toThrow(
        'You are not a member of this chat',
      );
      const image = { clientMessageId: randomUUID(), mediaId: s.media.upload(eve) };
      await expect(s.sender.send(eve, chatId, image)).rejects.toThrow(ForbiddenException);
      expect((await s.chatsRepository.findById(chatId))?.lastSeq).toBe(0);
    });

    it('refuses a message with neither text nor image', async () => {
      const { chatId, ada } = await directChat();
      await expect(
        s.sender.send(ada, chatId, { clientMessageId: randomUUID(), text: '' }),
      ).rejects.toThrow(BadRequestException);
    });

    it("sends an image of the sender's own upload, and refuses somebody else's", async () => {
      const { chatId, ada, bob } = await directChat();
      const mediaId = s.media.upload(ada);
      const sent = await s.sender.send(ada, chatId, {
        clientMessageId: randomUUID(),
        mediaId,
        text: 'look',
      });
      expect(sent.message).toMatchObject({ seq: 1, kind: 'image', mediaId, text: 'look' });
      expect(sent.message.media?.id).toBe(mediaId);
      const bobs = { clientMessageId: randomUUID(), mediaId: s.media.upload(bob) };
      await expect(s.sender.send(ada, chatId, bobs)).rejects.toThrow(
        'mediaId must be an image or file you uploaded',
      );
    });
  });

  describe('read and delivered marks', () => {
    it('moves the read mark forward only, telling the chat each time it moves', async () => {
      const { chatId, ada, bob } = await directChat();
      await sendSome(ada, chatId, 3);
      expect(await s.messages.markRead(bob, chatId, 2)).toEqual({ chatId, seq: 2 });
      expect(await s.messages.markRead(bob, chatId, 1)).toEqual({ chatId, seq: 2 });
      expect(await s.messages.markRead(bob, chatId, 2)).toEqual({ chatId, seq: 2 });
      expect(s.publisher.told(chatId, 'message:read')).toEqual([
        { event: 'message:read', chatId, userId: bob, seq: 2 },
      ]);
    });

    it('never moves a mark past the newest message', async () => {
      const { chatId, ada, bob } = await directChat();
      await sendSome(ada, chatId, 3);
      expect(await s.messages.markRead(bob, chatId, 99)).toEqual({ chatId, seq: 3 });
      expect(await s.messages.markDelivered(bob, chatId, 99)).toEqual({ chatId, seq: 3 });
    });

    it('marks delivered whatever is read, while delivering leaves the read mark alone', async () => {
      const { chatId, ada, bob } = await directChat();
      await sendSome(ada, chatId, 3);
      await s.messages.markDelivered(bob, chatId, 1);
      expect(await s.chatsRepository.findMember(chatId, bob)).toMatchObject({
        lastDeliveredSeq: 1,
        lastReadSeq: 0,
      });
      await s.messages.markRead(bob, chatId, 3);
      expect(await s.chatsRepository.findMember(chatId, bob)).toMatchObject({
        lastDeliveredSeq: 3,
        lastReadSeq: 3,
      });
      expect(marksTold(chatId)).toEqual([
        { event: 'message:delivered', chatId, userId: bob, seq: 1 },
        { event: 'message:read', chatId, userId: bob, seq: 3 },
      ]);
    });

    it("counts the reader's unread messages down as they read", async () => {
      const { chatId, ada, bob } = await directChat();
      await sendSome(ada, chatId, 3);
      expect((await s.chats.get(bob, chatId)).unreadCount).toBe(3);
      await s.messages.markRead(bob, chatId, 2);
      expect((await s.chats.get(bob, chatId)).unreadCount).toBe(1);
    });

    it('refuses marks from someone not in the chat', async () => {
      const { chatId, ada } = await directChat();
      await sendSome(ada, chatId, 1);
      const [eve] = s.directory.add('Eve');
      await expect(s.messages.markRead(eve, chatId, 1)).rejects.toThrow(ForbiddenException);
      await expect(s.messages.markDelivered(eve, chatId, 1)).rejects.toThrow(ForbiddenException);
    });
  });

  describe('history', () => {
    it('pages backwards from the newest message, saying whether older ones remain', async () => {
      const { chatId, ada, bob } = await directChat();
      await sendSome(ada, chatId, 3);
      const newest = await s.messages.history(bob, chatId, { limit: 2 });
      expect(newest.items.map((m) => m.seq)).toEqual([3, 2]);
      expect(newest.hasMore).toBe(true);
      const older = await s.messages.history(bob, chatId, { beforeSeq: 2, limit: 2 });
      expect(older).toMatchObject({ items: [{ seq: 1 }], hasMore: false });
    });

    it('does not show a chat to someone who is not in it', async () => {
      const { chatId, ada } = await directChat();
      await sendSome(ada, chatId, 1);
      const [eve] = s.directory.add('Eve');
      await expect(s.messages.history(eve, chatId, { limit: 10 })).rejects.toThrow(
        NotFoundException,
      );
    });
  });

  describe('catching up (sync)', () => {
    it('returns what came after each cursor, per chat, oldest first', async () => {
      const first = await directChat();
      const [cy] = s.directory.add('Cy');
      const second = (await s.chats.openDirect(first.ada, cy)).chat.id;
      await sendSome(first.bob, first.chatId, 3);
      await sendSome(cy, second, 1);
      const result = await s.syncing.sync(first.ada, [
        { chatId: first.chatId, afterSeq: 1 },
        { chatId: second, afterSeq: 0 },
      ]);
      expect(result.notFound).toEqual([]);
      expect(result.chats.map((c) => [c.chatId, c.messages.map((m) => m.seq), c.hasMore])).toEqual([
        [first.chatId, [2, 3], false],
        [second, [1], false],
      ]);
    });

    it('counts several cursors of one chat as the lowest', async () => {
      const { chatId, ada, bob } = await directChat();
      await sendSome(bob, chatId, 3);
      const result = await s.syncing.sync(ada, [
        { chatId, afterSeq: 2 },
        { chatId, afterSeq: 0 },
      ]);
      expect(result.chats).toHaveLength(1);
      expect(result.chats[0].messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    });

    it('lists chats the caller is not in as not found, without any of their messages', async () => {
      const { chatId, ada, bob } = await directChat();
      await sendSome(bob, chatId, 1);
      const [eve] = s.directory.add('Eve');
      const unknown = randomUUID();
      const result = await s.syncing.sync(eve, [
        { chatId, afterSeq: 0 },
        { chatId: unknown, afterSeq: 0 },
      ]);
      expect(result).toEqual({ chats: [], notFound: [chatId, unknown] });
      expect((await s.syncing.sync(ada, [{ chatId, afterSeq: 0 }])).notFound).toEqual([]);
    });

    it('returns at most one page per chat and says there is more', async () => {
      const { chatId, ada, bob } = await directChat();
      await sendSome(bob, chatId, MAX_MESSAGES_PAGE + 1);
      const [page] = (await s.syncing.sync(ada, [{ chatId, afterSeq: 0 }])).chats;
      expect(page.messages).toHaveLength(MAX_MESSAGES_PAGE);
      expect(page.messages.at(-1)?.seq).toBe(MAX_MESSAGES_PAGE);
      expect(page.hasMore).toBe(true);
      const [rest] = (await s.syncing.sync(ada, [{ chatId, afterSeq: MAX_MESSAGES_PAGE }])).chats;
      expect(rest).toMatchObject({ hasMore: false, messages: [{ seq: MAX_MESSAGES_PAGE + 1 }] });
    });

    it('reads 100 chats with two message queries, not two per chat', async () => {
      const [ada] = s.directory.add('Ada');
      const others = s.directory.add(...Array.from({ length: 100 }, (_, i) => `Friend ${i}`));
      const chatIds: string[] = [];
      for (const other of others) {
        const { chat } = await s.chats.openDirect(ada, other);
        await s.sender.send(other, chat.id, text('hello'));
        chatIds.push(chat.id);
      }
      const page = jest.spyOn(s.messagesRepository, 'page');
      const changedSince = jest.spyOn(s.messagesRepository, 'changedSince');
      const pagesAfter = jest.spyOn(s.messagesRepository, 'pagesAfter');
      const changedAfter = jest.spyOn(s.messagesRepository, 'changedAfter');
      try {
        const result = await s.syncing.sync(
          ada,
          chatIds.map((chatId) => ({ chatId, afterSeq: 0, afterChangeSeq: 0 })),
        );
        expect(result.chats.map((c) => c.messages.length)).toEqual(chatIds.map(() => 1));
        expect([page, changedSince].map((spy) => spy.mock.calls.length)).toEqual([0, 0]);
        expect([pagesAfter, changedAfter].map((spy) => spy.mock.calls.length)).toEqual([1, 1]);
      } finally {
        jest.restoreAllMocks();
      }
    });

    it('keeps the change cursor while new messages were cut short, so held copies beyond still get their changes', async () => {
      const { chatId, ada, bob } = await directChat();
      await sendSome(bob, chatId, MAX_MESSAGES_PAGE + 20);
      const cursor = (await s.chats.get(ada, chatId)).lastChangeSeq;
      const late = MAX_MESSAGES_PAGE + 15;
      await s.changes.edit(bob, chatId, late, 'changed while ada was away');
      // Ada holds 1 and also (stale) copies beyond the first page: she asks from seq 1.
      const [first] = (await s.syncing.sync(ada, [{ chatId, afterSeq: 1, afterChangeSeq: cursor }]))
        .chats;
      expect(first).toMatchObject({ hasMore: true, changed: [], nextAfterChangeSeq: cursor });
      // Holding everything now, she jumps to the end: the edit must still reach her.
      const [second] = (
        await s.syncing.sync(ada, [
          { chatId, afterSeq: MAX_MESSAGES_PAGE + 20, afterChangeSeq: first.nextAfterChangeSeq },
        ])
      ).chats;
      expect(second.changed.map((m) => [m.seq, m.text])).toEqual([
        [late, 'changed while ada was away'],
      ]);
      expect(second).toMatchObject({ hasMore: false, nextAfterChangeSeq: cursor + 1 });
    });
  });
});
