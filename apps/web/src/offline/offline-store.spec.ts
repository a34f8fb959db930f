import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { ChatMessage } from '@app/contracts';
import { message } from '../testing/store-fixtures';
import { forgetThisBrowser, keepsSomeone } from './forget-device';
import { lastSignedIn, rememberSignedIn, userDbName } from './offline-db';
import { KEPT_CHATS, KEPT_MESSAGES, OfflineStore } from './offline-store';
import { CHAT_LIST_PATH, savedAnswer } from './saved-answers';
import { me } from '../testing/store-fixtures';

const chatId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const messages = (count: number): ChatMessage[] =>
  Array.from({ length: count }, (_, i) => message(i + 1));
const databases = async () => (await indexedDB.databases()).map((d) => d.name).sort();

describe('OfflineStore (IndexedDB)', () => {
  beforeEach(() => {
    // A new, empty IndexedDB for each test: a browser profile of its own.
    globalThis.indexedDB = new IDBFactory();
  });

  it('keeps the newest 100 messages of each of the 30 chats opened most recently', async () => {
    const store = new OfflineStore('ada');
    await store.saveConversations(
      Array.from({ length: KEPT_CHATS + 5 }, (_, i) => ({
        chatId: chatId(i),
        messages: messages(i === KEPT_CHATS + 4 ? 250 : 3),
        hasMoreBefore: false,
        openedAt: 1000 + i,
      })),
    );
    // The 5 opened longest ago are gone; the newest one keeps its last 100 and says there is more.
    for (let i = 0; i < 5; i += 1) expect(await store.conversation(chatId(i))).toBeUndefined();
    const newest = await store.conversation(chatId(KEPT_CHATS + 4));
    expect(newest?.messages).toHaveLength(KEPT_MESSAGES);
    expect(newest?.messages[0].seq).toBe(151);
    expect(newest?.hasMoreBefore).toBe(true);
    expect((await store.conversation(chatId(5)))?.messages).toHaveLength(3);
  });

  it('is still there for a new instance over the same database (a reload)', async () => {
    const before = new OfflineStore('ada');
    await before.saveAnswer(CHAT_LIST_PATH, { items: [{ id: chatId(1) }], nextCursor: null });
    await before.saveConversations([
      { chatId: chatId(1), messages: messages(2), hasMoreBefore: true, openedAt: 1 },
    ]);
    await before.close();

    const after = new OfflineStore('ada');
    expect(await savedAnswer(after, CHAT_LIST_PATH)).toEqual({
      items: [{ id: chatId(1) }],
      nextCursor: null,
    });
    expect(await savedAnswer(after, `/chats/${chatId(1)}/messages?limit=50`)).toEqual({
      items: messages(2),
      hasMore: true,
    });
    // A page further back, or a chat never opened, was not kept.
    expect(await savedAnswer(after, `/chats/${chatId(1)}/messages?beforeSeq=2&limit=50`)).toBe(
      undefined,
    );
    expect(await savedAnswer(after, `/chats/${chatId(2)}/messages?limit=50`)).toBeUndefined();
  });

  it("keeps each person's data apart", async () => {
    await new OfflineStore('ada').saveAnswer(CHAT_LIST_PATH, { items: ['ada'] });
    expect(await new OfflineStore('bob').answer(CHAT_LIST_PATH)).toBeUndefined();
    expect(await databases()).toEqual([userDbName('ada'), userDbName('bob')]);
  });

  it('remembers who signed in last, for opening offline', async () => {
    expect(await lastSignedIn()).toBeNull();
    await rememberSignedIn(me);
    expect(await lastSignedIn()).toEqual(me);
  });

  it('knows whether there is anyone to forget (a first visit has nobody)', async () => {
    expect(await keepsSomeone([])).toBe(false);
    await rememberSignedIn(me);
    expect(await keepsSomeone([])).toBe(true);
    await forgetThisBrowser([]);
    expect(await keepsSomeone([])).toBe(false);
    expect(await keepsSomeone(['ada'])).toBe(true);
  });

  it('is deleted on sign-out, open connections included, and nothing else is', async () => {
    const store = new OfflineStore('ada');
    await store.saveAnswer(CHAT_LIST_PATH, { items: [] });
    await store.outbox.save({
      clientMessageId: 'c1',
      chatId: chatId(1),
      text: 'hi',
      status: 'sending',
      createdAt: '2026-11-21T09:00:00.000Z',
      order: 1,
    });
    await rememberSignedIn(me);
    const other = indexedDB.open('someone-else', 1);
    await new Promise((resolve) => (other.onsuccess = resolve));
    other.result.close();

    await forgetThisBrowser(['ada']);

    expect(await databases()).toEqual(['someone-else']);
    // The store that was open carries on without its data, and without failing.
    expect(await store.outbox.load()).toEqual([]);
    expect(await new OfflineStore('ada').outbox.load()).toEqual([]);
    expect(await lastSignedIn()).toBeNull();
  });
});
