import type { ChatSyncPayload } from '@app/contracts';
import {
  BOB,
  CHAT,
  ME,
  chat,
  flush,
  message,
  seqsShown,
  setup,
  syncAnswer,
  type FakeLink,
} from '../testing/store-fixtures';
import { unreadCount } from './chat-selectors';
import { RealtimeError } from './realtime-link';

/** Online, with the chat list loaded and the chat open. */
async function withChatOpen() {
  const opened = setup();
  opened.link.setConnected(true);
  await opened.store.loadChats();
  await opened.store.openChat(CHAT);
  return opened;
}

describe('ChatStore', () => {
  it('shows a message once when the live event and the history page both carry it', async () => {
    const { store, link } = setup([message(1), message(2)]);
    link.setConnected(true);
    await store.loadChats();
    link.emit('message:new', { message: message(2) });
    await store.openChat(CHAT);
    link.emit('message:new', { message: message(2) });
    link.emit('message:new', { message: message(3) });
    expect(seqsShown(store)).toEqual([1, 2, 3]);
  });

  it('counts unread messages in a chat that is not open, and marks them read on opening', async () => {
    const { store, link } = setup();
    link.setConnected(true);
    await store.loadChats();
    link.emit('message:new', { message: message(1) });
    link.emit('message:new', { message: message(2) });
    expect(unreadCount(store.getState(), store.getState().chats[CHAT])).toBe(2);
    expect(link.requests('message:delivered')).toContainEqual({ chatId: CHAT, seq: 2 });

    await store.openChat(CHAT);
    expect(link.requests('message:read')).toEqual([{ chatId: CHAT, seq: 2 }]);
    expect(unreadCount(store.getState(), store.getState().chats[CHAT])).toBe(0);
  });

  it('clears the unread count when I read the chat in another tab', async () => {
    const { store, link } = setup();
    link.setConnected(true);
    await store.loadChats();
    link.emit('message:new', { message: message(1) });
    expect(unreadCount(store.getState(), store.getState().chats[CHAT])).toBe(1);
    link.emit('message:read', { chatId: CHAT, userId: ME, seq: 1 });
    expect(unreadCount(store.getState(), store.getState().chats[CHAT])).toBe(0);
  });

  it('keeps a message typed offline as "sending" and sends it on reconnect with the same id', async () => {
    const { store, link } = setup();
    await store.loadChats();
    await store.openChat(CHAT);
    store.send(CHAT, '  offline hello  ');
    await flush();
    expect(link.requests('message:send')).toEqual([]);
    const [pending] = store.getState().conversations[CHAT].pending;
    expect(pending).toMatchObject({ text: 'offline hello', status: 'sending' });

    link.answer = (event, payload) =>
      event === 'message:send'
        ? message(1, ME, (payload as { clientMessageId: string }).clientMessageId)
        : event === 'chat:sync'
          ? { chats: [], notFound: [] }
          : null;
    link.setConnected(true);
    await flush();
    expect(link.requests('message:send')).toEqual([
      { chatId: CHAT, clientMessageId: pending.clientMessageId, text: 'offline hello' },
    ]);
    // The acknowledgement and the room's message:new carry the same message: shown once.
    link.emit('message:new', { message: message(1, ME, pending.clientMessageId) });
    expect(store.getState().conversations[CHAT].pending).toEqual([]);
    expect(seqsShown(store)).toEqual([1]);
  });

  it('lets a failed send be retried with the same clientMessageId', async () => {
    const { store, link } = await withChatOpen();
    link.answer = () => {
      throw new RealtimeError('rate_limited', 'Too many messages');
    };
    store.send(CHAT, 'again');
    await flush();
    const [failed] = store.getState().conversations[CHAT].pending;
    expect(failed).toMatchObject({ status: 'failed' });

    link.answer = (event, payload) =>
      event === 'message:send'
        ? message(1, ME, (payload as { clientMessageId: string }).clientMessageId)
        : null;
    store.retry(CHAT, failed.clientMessageId);
    await flush();
    const sends = link.requests('message:send') as Array<{ clientMessageId: string }>;
    expect(sends.map((s) => s.clientMessageId)).toEqual([
      failed.clientMessageId,
      failed.clientMessageId,
    ]);
    expect(store.getState().conversations[CHAT].pending).toEqual([]);
    expect(seqsShown(store)).toEqual([1]);
  });

  it('sends again by itself, with the same id, while the server answers that it is busy', async () => {
    jest.useFakeTimers();
    try {
      const { store, link } = await withChatOpen();
      let busyAnswers = 2;
      link.answer = (event, payload) => {
        if (event !== 'message:send') return null;
        if (busyAnswers-- > 0) throw new RealtimeError('unavailable', 'busy');
        return message(1, ME, (payload as { clientMessageId: string }).clientMessageId);
      };
      store.send(CHAT, 'hello');
      await jest.advanceTimersByTimeAsync(0);
      expect(store.getState().conversations[CHAT].pending).toMatchObject([{ status: 'sending' }]);

      await jest.advanceTimersByTimeAsync(5_000);
      const sends = link.requests('message:send') as Array<{ clientMessageId: string }>;
      expect(sends).toHaveLength(3);
      expect(new Set(sends.map((s) => s.clientMessageId)).size).toBe(1);
      expect(store.getState().conversations[CHAT].pending).toEqual([]);
      expect(seqsShown(store)).toEqual([1]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('shows a send as failed when the server stays busy', async () => {
    jest.useFakeTimers();
    try {
      const { store, link } = await withChatOpen();
      link.answer = () => {
        throw new RealtimeError('unavailable', 'busy');
      };
      store.send(CHAT, 'hello');
      await jest.advanceTimersByTimeAsync(60_000);
      expect(link.requests('message:send')).toHaveLength(5);
      expect(store.getState().conversations[CHAT].pending).toMatchObject([{ status: 'failed' }]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('catches up every loaded chat from the last seq it holds after a reconnect, page by page', async () => {
    const { store, link } = setup([message(1)]);
    link.setConnected(true);
    await store.loadChats();
    await store.openChat(CHAT);
    link.setConnected(false);
    expect(store.getState().connection).toBe('reconnecting');

    const cursorsAsked: number[] = [];
    link.answer = (event, payload) => {
      if (event !== 'chat:sync') return null;
      const afterSeq = (payload as { cursors: Array<{ afterSeq: number }> }).cursors[0].afterSeq;
      cursorsAsked.push(afterSeq);
      const messages = afterSeq === 1 ? [message(2), message(3)] : [message(4)];
      const hasMore = afterSeq === 1;
      return {
        chats: [{ chatId: CHAT, messages, changed: [], hasMore, nextAfterChangeSeq: 1 }],
        notFound: [],
      };
    };
    link.setConnected(true);
    await flush();
    await flush();
    expect(cursorsAsked).toEqual([1, 3]);
    expect(seqsShown(store)).toEqual([1, 2, 3, 4]);
    expect(store.getState().connection).toBe('online');
  });

  it('contains a catch-up that gets no answer, and catches up on the next reconnect', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const { store, link } = setup([message(1)]);
      link.setConnected(true);
      await store.loadChats();
      await store.openChat(CHAT);
      link.setConnected(false);
      link.answer = (event) => {
        if (event === 'chat:sync') throw new RealtimeError('timeout', 'No answer from the server');
        return null;
      };
      link.setConnected(true);
      // Unhandled rejections are reported after the microtasks, on a later turn of the loop.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).not.toHaveBeenCalled();
      expect(store.getState().connection).toBe('online');

      link.setConnected(false);
      link.answer = (event, payload) =>
        event === 'chat:sync'
          ? syncAnswer([message(1), message(2)], payload as ChatSyncPayload)
          : null;
      link.setConnected(true);
      await flush();
      await flush();
      expect(seqsShown(store)).toEqual([1, 2]);
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  describe('live messages out of seq order', () => {
    // Two chat instances, or one process on pooled database connections, can fan out seq n+1
    // before seq n. These deliver them that way on purpose.
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    /** The chat open with seq 1 shown; `stored` is the server's copy, which chat:sync answers from. */
    async function openWithSeqOne() {
      const stored = [message(1)];
      const opened = setup(stored);
      opened.link.setConnected(true);
      await opened.store.loadChats();
      await opened.store.openChat(CHAT);
      opened.link.answer = (event, payload) =>
        event === 'chat:sync' ? syncAnswer(stored, payload as ChatSyncPayload) : null;
      /** The server stores these seqs (their live events are up to the test). */
      const storeOnServer = (...seqs: number[]) => stored.push(...seqs.map((s) => message(s)));
      return { ...opened, storeOnServer };
    }

    const live = (link: FakeLink, seq: number) =>
      link.emit('message:new', { message: message(seq) });

    it('resumes after n-1, not after n+1, when n+1 came first and the connection dropped before n', async () => {
      const { store, link, storeOnServer } = await openWithSeqOne();
      storeOnServer(2, 3);
      live(link, 3);
      link.setConnected(false);
      await jest.advanceTimersByTimeAsync(5_000);
      expect(link.requests('chat:sync')).toEqual([]);

      link.setConnected(true);
      await jest.advanceTimersByTimeAsync(0);
      expect(link.requests('chat:sync')).toEqual([
        { cursors: [{ chatId: CHAT, afterSeq: 1, afterChangeSeq: 1 }] },
      ]);
      expect(seqsShown(store)).toEqual([1, 2, 3]);
    });

    it('asks for n with chat:sync about a second after n+1 came without it, while connected', async () => {
      const { store, link, storeOnServer } = await openWithSeqOne();
      storeOnServer(2, 3);
      live(link, 3);
      await jest.advanceTimersByTimeAsync(900);
      expect(link.requests('chat:sync')).toEqual([]);
      expect(seqsShown(store)).toEqual([1, 3]);

      await jest.advanceTimersByTimeAsync(200);
      expect(link.requests('chat:sync')).toEqual([
        { cursors: [{ chatId: CHAT, afterSeq: 1, afterChangeSeq: 1 }] },
      ]);
      expect(seqsShown(store)).toEqual([1, 2, 3]);
      await jest.advanceTimersByTimeAsync(30_000);
      expect(link.requests('chat:sync')).toHaveLength(1);
    });

    it('sends no chat:sync while messages come in order, or when n comes within the second after n+1', async () => {
      const { store, link, storeOnServer } = await openWithSeqOne();
      for (const seq of [2, 3, 4]) {
        storeOnServer(seq);
        live(link, seq);
        await jest.advanceTimersByTimeAsync(400);
      }
      storeOnServer(5, 6);
      live(link, 6);
      await jest.advanceTimersByTimeAsync(600);
      live(link, 5);
      await jest.advanceTimersByTimeAsync(30_000);
      expect(link.requests('chat:sync')).toEqual([]);
      expect(seqsShown(store)).toEqual([1, 2, 3, 4, 5, 6]);

      // Not quiet for want of watching: a gap that lasts is asked for once, after the last seq
      // that came in order.
      storeOnServer(7, 8);
      live(link, 8);
      await jest.advanceTimersByTimeAsync(1_100);
      expect(link.requests('chat:sync')).toEqual([
        { cursors: [{ chatId: CHAT, afterSeq: 6, afterChangeSeq: 1 }] },
      ]);
      expect(seqsShown(store)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('asks again, less often, while the server does not have n yet, and steps over a seq it never will', async () => {
      const { store, link } = await openWithSeqOne();
      // Seq 2 was taken by a writer that died (MongoDB): the server first stops its catch-up at
      // the gap, then, once the gap is old, answers past it.
      let answers = 0;
      link.answer = (event) => {
        if (event !== 'chat:sync') return null;
        answers += 1;
        const messages = answers < 3 ? [] : [message(3)];
        return {
          chats: [{ chatId: CHAT, messages, changed: [], hasMore: false, nextAfterChangeSeq: 1 }],
          notFound: [],
        };
      };
      live(link, 3);
      await jest.advanceTimersByTimeAsync(1_100);
      expect(link.requests('chat:sync')).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(60_000);
      expect(link.requests('chat:sync')).toHaveLength(3);
      expect(seqsShown(store)).toEqual([1, 3]);

      link.setConnected(false);
      link.setConnected(true);
      await jest.advanceTimersByTimeAsync(0);
      expect(link.requests('chat:sync').at(-1)).toEqual({
        cursors: [{ chatId: CHAT, afterSeq: 3, afterChangeSeq: 1 }],
      });
    });
  });

  it('shows typing until it stops, and drops a chat I was removed from', async () => {
    const { store, link } = setup();
    link.setConnected(true);
    await store.loadChats();
    link.emit('typing', { chatId: CHAT, userId: BOB, isTyping: true });
    expect(store.getState().typing[CHAT]).toEqual([BOB]);
    link.emit('typing', { chatId: CHAT, userId: BOB, isTyping: false });
    expect(store.getState().typing[CHAT]).toEqual([]);

    const without = { ...chat(0), members: chat(0).members.filter((m) => m.userId !== ME) };
    link.emit('chat:updated', { reason: 'member_removed', chat: without });
    expect(store.getState().chats[CHAT]).toBeUndefined();
  });
});
