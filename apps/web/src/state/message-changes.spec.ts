import type { ChatMessage, ChatSyncPayload, ChatSyncResult } from '@app/contracts';
import {
  BOB,
  CHAT,
  ME,
  chat,
  flush,
  message,
  setup,
  shown,
  syncAnswer,
  deleted,
  edited,
} from '../testing/store-fixtures';
import { reply } from '../testing/reply-fixtures';

/** Online with the chat open; the chat list said its last change was `lastChangeSeq`. */
async function opened(history: ChatMessage[], lastChangeSeq = history.at(-1)?.seq ?? 0) {
  const lastSeq = history.at(-1)?.seq ?? 0;
  const s = setup(history, { view: chat(lastSeq, lastSeq, lastChangeSeq) });
  s.link.setConnected(true);
  await s.store.loadChats();
  await s.store.openChat(CHAT);
  return s;
}

const cursor = (s: Awaited<ReturnType<typeof opened>>) =>
  s.store.getState().conversations[CHAT].changeCursor;

describe('messages that change', () => {
  it('keeps the copy with the higher changeSeq: a stale or repeated update changes nothing', async () => {
    const s = await opened([message(1), message(2)]);
    s.link.emit('message:updated', { message: edited(message(1), 5, 'second edit') });
    s.link.emit('message:updated', { message: edited(message(1), 4, 'first edit') });
    s.link.emit('message:updated', { message: edited(message(1), 5, 'second edit') });
    expect(shown(s.store, 1)).toMatchObject({ text: 'second edit', changeSeq: 5 });
    // A history page or a catch-up with an older copy does not bring it back either.
    s.link.emit('message:new', { message: message(1) });
    expect(shown(s.store, 1)?.text).toBe('second edit');
  });

  it('shows a deletion as a tombstone, and the chat list says "message deleted"', async () => {
    const s = await opened([message(1), message(2)]);
    s.link.emit('message:new', { message: message(3) });
    s.link.emit('message:updated', { message: deleted(message(3), 7) });
    expect(shown(s.store, 3)).toMatchObject({ text: null, deletedAt: expect.any(String) });
    expect(s.store.getState().chats[CHAT].lastMessage).toMatchObject({
      seq: 3,
      text: null,
      deletedAt: expect.any(String),
    });
    // An edit that was overtaken by the deletion does not bring the text back.
    s.link.emit('message:updated', { message: edited(message(3), 6, 'too late') });
    expect(shown(s.store, 3)?.text).toBeNull();
    expect(s.store.getState().chats[CHAT].lastMessage?.text).toBeNull();
  });

  it('clears the quote of every reply to a deleted message, and updates it after an edit', async () => {
    const original = message(1);
    const s = await opened([original, reply(2, original), reply(3, original, BOB)]);
    s.link.emit('message:updated', { message: edited(original, 4, 'x'.repeat(250)) });
    expect(shown(s.store, 2)?.replyTo?.text).toBe('x'.repeat(200));
    expect(shown(s.store, 3)?.replyTo?.text).toBe('x'.repeat(200));

    s.link.emit('message:updated', { message: deleted(original, 5) });
    expect(shown(s.store, 2)?.replyTo).toBeNull();
    expect(shown(s.store, 3)?.replyTo).toBeNull();
    // The stale edit arriving last restores neither the original nor the quotes.
    s.link.emit('message:updated', { message: edited(original, 4, 'x') });
    expect(shown(s.store, 2)?.replyTo).toBeNull();
  });

  it('follows an original older than the history loaded, and keeps the fresher copy when its page comes', async () => {
    const original = message(1);
    const history = [original, message(2), reply(3, original)];
    const s = setup(history, {
      view: chat(3),
      routes: (path) =>
        path.includes('beforeSeq=2') ? { items: [original], hasMore: false } : undefined,
    });
    // Only seqs 2 and 3 on the first page.
    s.http.mockImplementationOnce(async () => ({ items: [chat(3)], nextCursor: null }));
    s.link.setConnected(true);
    await s.store.loadChats();
    s.http.mockImplementationOnce(async () => ({
      items: [reply(3, original), message(2)],
      hasMore: true,
    }));
    await s.store.openChat(CHAT);
    s.link.emit('message:updated', { message: deleted(original, 9) });
    expect(shown(s.store, 3)?.replyTo).toBeNull();
    expect(shown(s.store, 1)).toBeUndefined();

    // The older page, fetched before the deletion reached it, still has the text: not shown.
    await s.store.loadOlder(CHAT);
    expect(shown(s.store, 1)).toMatchObject({ text: null, changeSeq: 9 });
  });

  it('applies the `changed` list of a catch-up, and asks from the chat list’s lastChangeSeq read before the history', async () => {
    const s = await opened([message(1), message(2)], 6);
    expect(cursor(s)).toBe(6);
    s.link.setConnected(false);
    s.link.answer = (event, payload) => {
      if (event !== 'chat:sync') return null;
      const answer = syncAnswer([message(1), message(2), message(3)], payload as ChatSyncPayload);
      answer.chats[0].changed = [deleted(message(2), 8), edited(message(1), 9, 'changed offline')];
      answer.chats[0].nextAfterChangeSeq = 10;
      return answer;
    };
    s.link.setConnected(true);
    await flush();
    expect(s.link.requests('chat:sync')).toEqual([
      { cursors: [{ chatId: CHAT, afterSeq: 2, afterChangeSeq: 6 }] },
    ]);
    expect(shown(s.store, 1)?.text).toBe('changed offline');
    expect(shown(s.store, 2)?.deletedAt).not.toBeNull();
    expect(shown(s.store, 3)).toBeDefined();
    expect(cursor(s)).toBe(10);
  });

  it('moves the change cursor only with a complete answer; pages in between use nextAfterChangeSeq', async () => {
    const s = await opened([message(1), message(2)], 2);
    s.link.setConnected(false);
    const pages: ChatSyncResult[] = [
      {
        chats: [
          {
            chatId: CHAT,
            messages: [],
            changed: [edited(message(1), 3, 'one')],
            hasMore: true,
            nextAfterChangeSeq: 3,
          },
        ],
        notFound: [],
      },
    ];
    s.link.answer = (event) => {
      if (event !== 'chat:sync') return null;
      const page = pages.shift();
      if (!page) throw new Error('cut off');
      return page;
    };
    s.link.setConnected(true);
    await flush();
    await flush();
    // The second page never came: the cursor stays where the last complete answer left it.
    expect(s.link.requests('chat:sync')).toEqual([
      { cursors: [{ chatId: CHAT, afterSeq: 2, afterChangeSeq: 2 }] },
      { cursors: [{ chatId: CHAT, afterSeq: 2, afterChangeSeq: 3 }] },
    ]);
    expect(shown(s.store, 1)?.text).toBe('one');
    expect(cursor(s)).toBe(2);

    s.link.setConnected(false);
    s.link.answer = (event, payload) => {
      if (event !== 'chat:sync') return null;
      const answer = syncAnswer([message(1), message(2)], payload as ChatSyncPayload);
      answer.chats[0].changed = [edited(message(2), 4, 'two')];
      answer.chats[0].nextAfterChangeSeq = 4;
      return answer;
    };
    s.link.setConnected(true);
    await flush();
    expect(s.link.requests('chat:sync').at(-1)).toEqual({
      cursors: [{ chatId: CHAT, afterSeq: 2, afterChangeSeq: 2 }],
    });
    expect(cursor(s)).toBe(4);
  });

  it('never moves the change cursor on live events', async () => {
    const s = await opened([message(1)], 1);
    s.link.emit('message:updated', { message: edited(message(1), 5, 'live') });
    s.link.emit('message:new', { message: { ...message(2), changeSeq: 6 } });
    expect(cursor(s)).toBe(1);
    expect(s.store.getState().chats[CHAT].lastChangeSeq).toBe(6);
  });

  it('edits, deletes and reacts over the socket, showing the acknowledged copy', async () => {
    const s = await opened([message(1, ME)]);
    s.link.answer = (event, payload) => {
      const p = payload as { seq: number; text?: string; emoji?: string };
      if (event === 'message:edit') return edited(message(1, ME), 2, p.text ?? '');
      if (event === 'reaction:add') {
        return { ...message(1, ME), changeSeq: 3, reactions: [{ emoji: p.emoji, userIds: [ME] }] };
      }
      if (event === 'reaction:remove') return { ...message(1, ME), changeSeq: 4 };
      if (event === 'message:delete') return deleted(message(1, ME), 5);
      return null;
    };
    await s.store.edit(CHAT, 1, '  fixed  ');
    expect(s.link.requests('message:edit')).toEqual([{ chatId: CHAT, seq: 1, text: 'fixed' }]);
    expect(shown(s.store, 1)).toMatchObject({ text: 'fixed', editedAt: expect.any(String) });

    await s.store.toggleReaction(CHAT, 1, '👍');
    expect(shown(s.store, 1)?.reactions).toEqual([{ emoji: '👍', userIds: [ME] }]);
    await s.store.toggleReaction(CHAT, 1, '👍');
    expect(s.link.requests('reaction:remove')).toEqual([{ chatId: CHAT, seq: 1, emoji: '👍' }]);

    await s.store.deleteMessage(CHAT, 1);
    expect(shown(s.store, 1)?.deletedAt).not.toBeNull();
  });

  it('shows link previews as they arrive, and removes mine over the socket or HTTP', async () => {
    const preview = (index: number) => ({
      index,
      url: `https://trails.example/${index}`,
      title: `Route ${index}`,
      description: null,
      siteName: null,
      image: null,
    });
    const sent = message(1, ME);
    const s = await opened([sent]);
    s.link.emit('message:updated', {
      message: { ...sent, changeSeq: 2, previews: [preview(0), preview(1)] },
    });
    expect(shown(s.store, 1)?.previews.map((p) => p.index)).toEqual([0, 1]);

    s.link.answer = (event, payload) =>
      event === 'preview:remove' && (payload as { index: number }).index === 0
        ? { ...sent, changeSeq: 3, previews: [preview(1)] }
        : null;
    await s.store.removePreview(CHAT, 1, 0);
    expect(s.link.requests('preview:remove')).toEqual([{ chatId: CHAT, seq: 1, index: 0 }]);
    expect(shown(s.store, 1)?.previews.map((p) => p.index)).toEqual([1]);
    // The other side's copy of the addition, late, does not bring it back.
    s.link.emit('message:updated', {
      message: { ...sent, changeSeq: 2, previews: [preview(0), preview(1)] },
    });
    expect(shown(s.store, 1)?.previews.map((p) => p.index)).toEqual([1]);

    const calls: Array<{ path: string; method?: string }> = [];
    const offline = setup([{ ...sent, changeSeq: 3, previews: [preview(1)] }], {
      routes: (path, init) => {
        calls.push({ path, method: init?.method });
        return { ...sent, changeSeq: 4, previews: [] };
      },
    });
    await offline.store.loadChats();
    await offline.store.openChat(CHAT);
    calls.length = 0;
    await offline.store.removePreview(CHAT, 1, 1);
    expect(calls).toEqual([{ path: `/chats/${CHAT}/messages/1/previews/1`, method: 'DELETE' }]);
    expect(shown(offline.store, 1)?.previews).toEqual([]);
  });

  it('uses HTTP for a change while the socket is down, the emoji URL-encoded', async () => {
    const calls: Array<{ path: string; method?: string }> = [];
    const s = setup([message(1)], {
      routes: (path, init) => {
        calls.push({ path, method: init?.method });
        return { ...message(1), changeSeq: 2, reactions: [{ emoji: '❤️', userIds: [ME] }] };
      },
    });
    await s.store.loadChats();
    await s.store.openChat(CHAT);
    await s.store.toggleReaction(CHAT, 1, '❤️');
    expect(calls).toEqual([
      { path: `/chats/${CHAT}/messages/1/reactions/${encodeURIComponent('❤️')}`, method: 'PUT' },
    ]);
    expect(shown(s.store, 1)?.reactions).toHaveLength(1);
  });
});
