import type { ChatMessage, ChatSyncPayload, ReplyQuote } from '@app/contracts';
import { quoteAsRead, reply } from '../testing/reply-fixtures';
import {
  BOB,
  CHAT,
  chat,
  deleted,
  edited,
  flush,
  message,
  setup,
  shown,
  syncAnswer,
} from '../testing/store-fixtures';
import { currentCopy } from './chat-selectors';

/**
 * docs/realtime.md, "Replies and quotes": a quote is a reference to its original. The server
 * never sends a reply again when its original changes, and a reply's copy can quote the original
 * as it was a moment before a change the client already has (change 5 below; the reply, stored
 * at change 6, was read before it). Whatever the order, the quote shows the original held.
 */

/** Bob's message 1, answered by message 3; the chat's change log stood at 4 when it was opened. */
const original = message(1);

const CHANGES: Array<[string, ChatMessage, ReplyQuote | null]> = [
  ['deleted', deleted(original, 5), null],
  ['edited', edited(original, 5, 'fixed'), { ...quoteAsRead(original), text: 'fixed' }],
];

/** The reply, stored at change 6 with the quote of the original as sent. */
const lateReply = reply(3, original, BOB, 6);

type Store = ReturnType<typeof setup>;

/** Online, the chat open; with `holdingOriginal` false its first page has message 2 only. */
async function opened(holdingOriginal: boolean): Promise<Store> {
  const s = setup([original, message(2)], { view: chat(2, 2, 4) });
  s.link.setConnected(true);
  await s.store.loadChats();
  if (!holdingOriginal) {
    s.http.mockImplementationOnce(async () => ({ items: [message(2)], hasMore: true }));
  }
  await s.store.openChat(CHAT);
  expect(shown(s.store, 1) !== undefined).toBe(holdingOriginal);
  return s;
}

/** The socket drops and comes back; the catch-up answers `changed` (the messages are held). */
async function reconnectTo(s: Store, changed: ChatMessage[]): Promise<void> {
  s.link.setConnected(false);
  s.link.answer = (event, payload) => {
    if (event !== 'chat:sync') return null;
    const answer = syncAnswer([message(2), lateReply], payload as ChatSyncPayload);
    return { ...answer, chats: [{ ...answer.chats[0], changed, nextAfterChangeSeq: 6 }] };
  };
  s.link.setConnected(true);
  await flush();
}

const quoteShown = (s: Store) => shown(s.store, 3)?.replyTo;

describe.each(CHANGES)('the quote of a reply whose original was %s', (_, change, quote) => {
  it('follows a change to the original held that came before the reply (message:new)', async () => {
    const s = await opened(true);
    s.link.emit('message:updated', { message: change });
    s.link.emit('message:new', { message: lateReply });
    expect(quoteShown(s)).toEqual(quote);
  });

  it('follows a change that comes live after the reply, the original not held', async () => {
    const s = await opened(false);
    s.link.emit('message:new', { message: lateReply });
    expect(quoteShown(s)).toEqual(quoteAsRead(original));
    s.link.emit('message:updated', { message: change });
    expect(quoteShown(s)).toEqual(quote);
    expect(shown(s.store, 1)).toBeUndefined();
  });

  it('follows the original in a catch-up’s `changed`, the original not held', async () => {
    const s = await opened(false);
    s.link.emit('message:new', { message: lateReply });
    // The change's own event was lost with the connection.
    await reconnectTo(s, [change]);
    expect(s.link.requests('chat:sync')).toEqual([
      { cursors: [{ chatId: CHAT, afterSeq: 3, afterChangeSeq: 4 }] },
    ]);
    expect(quoteShown(s)).toEqual(quote);
    expect(shown(s.store, 1)).toBeUndefined();
  });

  it('follows the original held when the reply comes in a catch-up page', async () => {
    const s = await opened(true);
    s.link.emit('message:updated', { message: change });
    s.link.setConnected(false);
    s.link.answer = (event, payload) =>
      event === 'chat:sync'
        ? syncAnswer([message(2), lateReply], payload as ChatSyncPayload)
        : null;
    s.link.setConnected(true);
    await flush();
    expect(quoteShown(s)).toEqual(quote);
  });

  it('follows the original held when my own reply is acknowledged after the change', async () => {
    const s = await opened(true);
    s.link.answer = (event) => {
      if (event !== 'message:send') return null;
      // The change reached this client while the reply was being stored.
      s.link.emit('message:updated', { message: change });
      return { ...lateReply, senderId: s.store.getState().me.id, clientMessageId: 'mine' };
    };
    s.store.send(CHAT, 'agreed', undefined, { replyTo: quoteAsRead(original) });
    await flush();
    expect(quoteShown(s)).toEqual(quote);
  });

  it('shows so in a copy from outside the store (a search result, a notification)', async () => {
    const s = await opened(false);
    s.link.emit('message:updated', { message: change });
    expect(currentCopy(s.store.getState(), lateReply).replyTo).toEqual(quote);
  });
});

describe('a reply typed here', () => {
  it('quotes the original as held: edited, the new text; deleted, it goes out without a quote', async () => {
    const s = await opened(true);
    s.link.answer = (event) => {
      if (event === 'message:send') throw new Error('no network');
      return null;
    };
    s.store.send(CHAT, 'agreed', undefined, { replyTo: quoteAsRead(original) });
    await flush();
    const pending = () => s.store.getState().conversations[CHAT].pending[0];
    expect(pending()).toMatchObject({ status: 'failed', replyTo: quoteAsRead(original) });

    s.link.emit('message:updated', { message: edited(original, 5, 'fixed') });
    expect(pending().replyTo).toEqual({ ...quoteAsRead(original), text: 'fixed' });

    s.link.emit('message:updated', { message: deleted(original, 6) });
    expect(pending().replyTo).toBeUndefined();
    s.link.answer = () => null;
    s.store.retry(CHAT, pending().clientMessageId);
    await flush();
    expect(s.link.requests('message:send').at(-1)).not.toHaveProperty('replyToSeq');
  });

  it('does not quote an original deleted after "reply" was picked', async () => {
    const s = await opened(true);
    s.link.emit('message:updated', { message: deleted(original, 5) });
    s.link.setConnected(false);
    s.store.send(CHAT, 'agreed', undefined, { replyTo: quoteAsRead(original) });
    expect(s.store.getState().conversations[CHAT].pending[0].replyTo).toBeUndefined();
  });
});

describe('copies kept aside for a chat not open', () => {
  it('are forgotten when the connection drops: nothing catches them up', async () => {
    const s = setup([original, message(2)], { view: chat(2, 2, 4) });
    s.link.setConnected(true);
    await s.store.loadChats();
    s.link.emit('message:updated', { message: edited(original, 5, 'first edit') });
    s.link.setConnected(false);
    // Edited again while away; the chat is opened on its newest page, read after that.
    const answered = { ...reply(3, edited(original, 6, 'second edit'), BOB), changeSeq: 7 };
    s.http.mockImplementationOnce(async () => ({ items: [answered, message(2)], hasMore: true }));
    await s.store.openChat(CHAT);
    expect(quoteShown(s)?.text).toBe('second edit');
  });
});
