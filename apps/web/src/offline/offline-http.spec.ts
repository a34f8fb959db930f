import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { OfflineError, offlineAwareHttp } from './offline-http';
import { OfflineStore } from './offline-store';
import { CHAT_LIST_PATH } from './saved-answers';
import { SavedDataFlag } from './saved-flag';

const CHAT = '00000000-0000-4000-8000-000000000001';

describe('offlineAwareHttp', () => {
  let online: boolean;
  const fetchMock = jest.fn(async (url: string) => {
    if (!online) throw new TypeError('Failed to fetch');
    const body = url.endsWith('/users/me/blocks') ? [{ userId: 'bob' }] : { items: ['live'] };
    return new Response(JSON.stringify(body), { status: 200 });
  });

  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    globalThis.fetch = fetchMock as unknown as typeof fetch;
    online = true;
  });

  it('answers reads from what was kept when the server cannot be reached, and says so', async () => {
    const store = new OfflineStore('ada');
    const shown = new SavedDataFlag();
    const http = offlineAwareHttp(store, shown);
    await store.saveAnswer(CHAT_LIST_PATH, { items: ['kept'], nextCursor: null });
    await store.saveConversations([
      { chatId: CHAT, messages: [], hasMoreBefore: false, openedAt: 1 },
    ]);
    expect(await http('/users/me/blocks')).toEqual([{ userId: 'bob' }]); // kept as it came

    online = false;
    expect(await http(CHAT_LIST_PATH)).toEqual({ items: ['kept'], nextCursor: null });
    expect(shown.get()).toBe(true);
    expect(await http('/users/me/blocks')).toEqual([{ userId: 'bob' }]);
    expect(await http(`/chats/${CHAT}/messages?limit=50`)).toEqual({ items: [], hasMore: false });
    // Nothing kept for it: the network's error stands.
    await expect(http('/users/search?q=bo')).rejects.toBeInstanceOf(TypeError);

    online = true;
    expect(await http(CHAT_LIST_PATH)).toEqual({ items: ['live'] });
    expect(shown.get()).toBe(false);
  });

  it('refuses a change offline in words, rather than losing it', async () => {
    const http = offlineAwareHttp(new OfflineStore('ada'), new SavedDataFlag());
    online = false;
    const edit = http(`/chats/${CHAT}/messages/3`, { method: 'PATCH', json: { text: 'x' } });
    await expect(edit).rejects.toBeInstanceOf(OfflineError);
    await expect(edit).rejects.toThrow(/You are offline\. Edits, reactions/);
  });
});
