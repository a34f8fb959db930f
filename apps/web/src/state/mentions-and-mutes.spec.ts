import type { ChatMessage, ChatView } from '@app/contracts';
import { CHAT, ME, chat, flush, message, setup } from '../testing/store-fixtures';
import { isMuted, totalUnread, unreadMentions } from './chat-selectors';
import type { NotificationRequest } from './store-deps';

const mentioning = (seq: number, ...ids: string[]): ChatMessage => ({
  ...message(seq),
  text: `@Me look #${seq}`,
  mentions: ids,
});

/** Online with the chat list loaded (the chat not open); `visible`: the tab is seen. */
async function listed(view: ChatView, options: { visible?: boolean; routes?: () => unknown } = {}) {
  const notes: NotificationRequest[] = [];
  const s = setup([], {
    view,
    routes: options.routes,
    deps: { notify: (n) => notes.push(n), isVisible: () => options.visible ?? true },
  });
  s.link.setConnected(true);
  await s.store.loadChats();
  return { ...s, notes };
}

describe('mentions, notifications and mutes', () => {
  it('counts unread mentions of me from the list, then live ones, until I read them', async () => {
    const s = await listed({ ...chat(3, 1), unreadMentions: 1 });
    const view = () => s.store.getState().chats[CHAT];
    expect(unreadMentions(s.store.getState(), view())).toBe(1);
    s.link.emit('message:new', { message: mentioning(4, ME) });
    s.link.emit('message:new', { message: mentioning(5, 'someone-else') });
    s.link.emit('message:new', { message: mentioning(4, ME) });
    expect(unreadMentions(s.store.getState(), view())).toBe(2);
    expect(totalUnread(s.store.getState())).toBe(4);

    s.link.emit('message:updated', {
      message: { ...mentioning(4, ME), changeSeq: 9, deletedAt: 'now', text: null, mentions: [] },
    });
    expect(unreadMentions(s.store.getState(), view())).toBe(1);
    s.link.emit('message:read', { chatId: CHAT, userId: ME, seq: 5 });
    expect(unreadMentions(s.store.getState(), view())).toBe(0);
  });

  it('notifies of messages from others in chats not open, and says when I am mentioned', async () => {
    const s = await listed(chat(0));
    s.link.emit('message:new', { message: message(1) });
    s.link.emit('message:new', { message: mentioning(2, ME) });
    s.link.emit('message:new', { message: message(3, ME) });
    expect(s.notes.map((n) => [n.seq, n.mention])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(s.notes[1].title).toContain('mentioned you');
    expect(s.notes[0]).toMatchObject({ chatId: CHAT, body: '#1', tag: 'm1' });
  });

  it('does not notify for the chat open in a focused tab, but does when the tab is not seen', async () => {
    let visible = true;
    const notes: NotificationRequest[] = [];
    const s = setup([], {
      deps: { notify: (n) => notes.push(n), isVisible: () => visible },
    });
    s.link.setConnected(true);
    await s.store.loadChats();
    await s.store.openChat(CHAT);
    s.link.emit('message:new', { message: message(1) });
    expect(notes).toEqual([]);
    visible = false;
    s.link.emit('message:new', { message: message(2) });
    expect(notes.map((n) => n.seq)).toEqual([2]);
  });

  it('does not notify for a muted chat, even of a mention; the mute ends by itself', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-21T10:00:00.000Z') });
    try {
      const until = '2026-11-21T11:00:00.000Z';
      const s = await listed({ ...chat(0), muted: true, mutedUntil: until });
      expect(isMuted(s.store.getState(), CHAT)).toBe(true);
      s.link.emit('message:new', { message: mentioning(1, ME) });
      expect(s.notes).toEqual([]);
      // Unread counts still move.
      expect(unreadMentions(s.store.getState(), s.store.getState().chats[CHAT])).toBe(1);

      await jest.advanceTimersByTimeAsync(3_600_000);
      expect(isMuted(s.store.getState(), CHAT)).toBe(false);
      s.link.emit('message:new', { message: message(2) });
      expect(s.notes.map((n) => n.seq)).toEqual([2]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('mutes until a time or until unmuted, and unmutes, with what the server answers', async () => {
    const requests: Array<{ method?: string; json?: unknown }> = [];
    const s = setup([], {
      routes: (_path, init) => {
        requests.push({ method: init?.method, json: init?.json });
        const muted = init?.method === 'PUT';
        return { ...chat(0), muted, mutedUntil: null };
      },
    });
    await s.store.loadChats();
    await s.store.mute(CHAT, null);
    expect(isMuted(s.store.getState(), CHAT)).toBe(true);
    await s.store.unmute(CHAT);
    expect(isMuted(s.store.getState(), CHAT)).toBe(false);
    expect(requests).toEqual([{ method: 'PUT', json: { until: null } }, { method: 'DELETE' }]);
  });

  it('blocks and unblocks, and loads whom I blocked with the chat list', async () => {
    const s = setup([], {
      routes: () => undefined,
    });
    s.http.mockImplementation(async (path: string) => {
      if (path.startsWith('/chats?')) return { items: [chat(0)], nextCursor: null };
      if (path === '/users/me/blocks') {
        return [{ userId: 'eve', blockedAt: '2026-11-21T10:00:00.000Z', profile: null }];
      }
      return undefined;
    });
    await s.store.loadChats();
    expect(s.store.getState().blocked).toEqual(['eve']);
    await s.store.block('bob');
    expect(s.store.getState().blocked).toEqual(['eve', 'bob']);
    await s.store.unblock('eve');
    expect(s.store.getState().blocked).toEqual(['bob']);
    expect(s.http).toHaveBeenCalledWith('/users/bob/block', { method: 'PUT' });
    expect(s.http).toHaveBeenCalledWith('/users/eve/block', { method: 'DELETE' });
  });

  it('sends a reply and its mentions with the message, and keeps them for a retry', async () => {
    const s = setup([message(1)]);
    s.link.setConnected(true);
    await s.store.loadChats();
    await s.store.openChat(CHAT);
    s.link.answer = () => {
      throw new Error('down');
    };
    const replyTo = { seq: 1, senderId: 'bob', kind: 'text' as const, text: '#1' };
    s.store.send(CHAT, 'sure @Bob', undefined, { replyTo, mentions: ['bob'] });
    await flush();
    const [failed] = s.store.getState().conversations[CHAT].pending;
    expect(failed).toMatchObject({ status: 'failed', replyTo, mentions: ['bob'] });
    s.store.retry(CHAT, failed.clientMessageId);
    await flush();
    const sends = s.link.requests('message:send');
    expect(sends).toHaveLength(2);
    expect(sends[1]).toEqual({
      chatId: CHAT,
      clientMessageId: failed.clientMessageId,
      text: 'sure @Bob',
      replyToSeq: 1,
      mentions: ['bob'],
    });
  });
});
