import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { ChatMessage, SendMessagePayload } from '@app/contracts';
import { forgetThisBrowser } from '../offline/forget-device';
import { OfflineStore } from '../offline/offline-store';
import { CHAT, chat, FakeLink, me, message } from '../testing/store-fixtures';
import { ChatStore } from './chat-store';
import type { OutboxDeps } from './outbox-storage';

/** What the server stores: one message per clientMessageId, however often it is sent. */
class Server {
  readonly stored = new Map<string, ChatMessage>();
  sends = 0;

  send(payload: SendMessagePayload): ChatMessage {
    this.sends += 1;
    const known = this.stored.get(payload.clientMessageId);
    if (known) return known;
    const stored = {
      ...message(this.stored.size + 1, me.id, payload.clientMessageId),
      text: payload.text ?? null,
      mediaId: payload.mediaId ?? null,
    };
    this.stored.set(payload.clientMessageId, stored);
    return stored;
  }
}

/** The app as a page load starts it: a store over this browser's IndexedDB, not yet connected. */
function openApp(server: Server) {
  const link = new FakeLink();
  link.answer = (event, payload) =>
    event === 'message:send' ? server.send(payload as SendMessagePayload) : null;
  const offline = new OfflineStore(me.id);
  const deps: OutboxDeps = {
    http: (async (path: string) => {
      if (path.startsWith('/chats?')) return { items: [chat(0)], nextCursor: null };
      if (path === '/users/me/blocks') return [];
      if (path.startsWith(`/chats/${CHAT}/messages`)) return { items: [], hasMore: false };
      throw new Error(`unexpected ${path}`);
    }) as OutboxDeps['http'],
    upload: jest.fn(async () => ({ id: 'media-1' }) as never),
    uploadFile: jest.fn(async () => ({ id: 'file-1' }) as never),
    isVisible: () => true,
    describeError: (e) => String(e),
    objectUrl: { create: () => 'blob:preview', revoke: () => undefined },
    outboxStorage: offline.outbox,
  };
  const store = new ChatStore(me, link, deps);
  return { store, link, offline, deps };
}

const pending = (store: ChatStore) => store.getState().conversations[CHAT]?.pending ?? [];
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
/** Waits (up to 5 s, for a busy machine) until `check` holds: IndexedDB answers in its own time. */
async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check() && waited < 5000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('The outbox in IndexedDB', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
  });

  it('keeps messages written offline over a reload, then sends each once with its clientMessageId', async () => {
    const server = new Server();
    const first = openApp(server);
    await first.store.loadChats();
    for (const text of ['one', 'two', 'three']) first.store.send(CHAT, text);
    await settle();
    const written = pending(first.store).map((p) => p.clientMessageId);
    expect(pending(first.store).map((p) => [p.text, p.status])).toEqual([
      ['one', 'sending'],
      ['two', 'sending'],
      ['three', 'sending'],
    ]);
    await first.offline.close(); // the tab is closed

    const second = openApp(server);
    await second.store.loadChats();
    await second.store.openChat(CHAT);
    await until(() => pending(second.store).length === 3);
    expect(pending(second.store).map((p) => [p.clientMessageId, p.text, p.status])).toEqual([
      [written[0], 'one', 'sending'],
      [written[1], 'two', 'sending'],
      [written[2], 'three', 'sending'],
    ]);
    expect(server.sends).toBe(0);

    second.link.setConnected(true);
    await until(() => pending(second.store).length === 0);
    expect(server.sends).toBe(3);
    expect([...server.stored.keys()]).toEqual(written);
    expect(pending(second.store)).toEqual([]);
    expect(second.store.getState().conversations[CHAT]?.messages.map((m) => m.text)).toEqual([
      'one',
      'two',
      'three',
    ]);
    // Sent and confirmed: nothing is kept, so a later reload sends nothing again.
    expect(await second.offline.outbox.load()).toEqual([]);
    const third = openApp(server);
    third.link.setConnected(true);
    await settle();
    expect(server.sends).toBe(3);
  });

  it('sends at once what it finds when the page opens connected', async () => {
    const server = new Server();
    const offline = openApp(server);
    offline.store.send(CHAT, 'written offline');
    await settle();
    const online = openApp(server);
    online.link.connected = true; // connected before the kept messages are read
    await until(() => server.sends > 0);
    await settle();
    expect([...server.stored.values()].map((m) => m.text)).toEqual(['written offline']);
    expect(server.sends).toBe(1);
  });

  it('keeps a picture as its bytes, and forgets a discarded message', async () => {
    const server = new Server();
    const first = openApp(server);
    first.store.send(CHAT, 'look', {
      kind: 'image',
      file: new Blob(['png bytes'], { type: 'image/png' }),
    });
    first.store.send(CHAT, 'never mind');
    await settle();
    const [, discarded] = pending(first.store);
    first.store.discard(CHAT, discarded.clientMessageId);
    await settle();

    const second = openApp(server);
    await until(() => pending(second.store).length > 0);
    const [picture, ...rest] = pending(second.store);
    expect(rest).toEqual([]);
    expect(picture.text).toBe('look');
    expect(await picture.image?.file.text()).toBe('png bytes');
    expect(picture.image?.previewUrl).toBe('blob:preview');
  });

  it('keeps a file and a voice message with their bytes, names and length over a reload', async () => {
    const server = new Server();
    const first = openApp(server);
    const pdf = new Blob(['%PDF-1.7 bytes'], { type: 'application/pdf' });
    first.store.send(CHAT, 'the minutes', { kind: 'file', file: pdf, name: 'minutes.pdf' });
    first.store.send(CHAT, '', {
      kind: 'voice',
      file: new Blob(['webm bytes'], { type: 'audio/webm' }),
      name: 'voice-message.webm',
      durationMs: 4_200,
    });
    await settle();
    await first.offline.close();

    const second = openApp(server);
    await until(() => pending(second.store).length === 2);
    const [file, voice] = pending(second.store);
    expect(file.text).toBe('the minutes');
    // Uploaded before the reload (over HTTP, which did not wait for the socket): kept with it.
    expect(file.file).toMatchObject({ name: 'minutes.pdf', mediaId: 'file-1', progress: 1 });
    expect(await file.file?.file.text()).toBe('%PDF-1.7 bytes');
    expect(voice.file).toMatchObject({ name: 'voice-message.webm', durationMs: 4_200 });
    expect(await voice.file?.file.text()).toBe('webm bytes');

    second.link.setConnected(true);
    await until(() => server.sends === 2);
    expect(first.deps.uploadFile).toHaveBeenCalledTimes(2);
    expect(second.deps.uploadFile).not.toHaveBeenCalled();
    expect([...server.stored.values()].map((m) => [m.text, m.mediaId])).toEqual([
      ['the minutes', 'file-1'],
      [null, 'file-1'],
    ]);
  });

  it('is empty after sign-out', async () => {
    const server = new Server();
    const first = openApp(server);
    first.store.send(CHAT, 'not sent');
    await settle();
    await forgetThisBrowser([me.id]);
    const second = openApp(server);
    second.link.setConnected(true);
    await settle();
    expect(pending(second.store)).toEqual([]);
    expect(server.sends).toBe(0);
  });
});
