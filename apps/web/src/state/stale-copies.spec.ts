import type { ChatMessage, ChatView } from '@app/contracts';
import { previewOf } from '../lib/chat-preview';
import { CHAT, ME, chat, deleted, edited, message, setup } from '../testing/store-fixtures';
import { currentResults, unreadMentions } from './chat-selectors';
import type { NotificationRequest } from './store-deps';

/** Issue 17: a change can overtake its message, or a read made before it; the fresher copy wins. */

/** The chat list's one chat, its last message `last` and its change log at `lastChangeSeq`. */
const listed = (last: ChatMessage, lastChangeSeq = last.changeSeq): ChatView => ({
  ...chat(last.seq, last.seq, lastChangeSeq),
  updatedAt: last.createdAt,
  lastMessage: previewOf(last),
});

/** Online, the chat list loaded (showing `view`), the chat open or not; notifications kept. */
async function started(history: ChatMessage[], options: { view?: ChatView; open?: boolean } = {}) {
  const notes: NotificationRequest[] = [];
  const view = options.view ?? listed(history.at(-1) ?? message(0));
  const s = setup(history, {
    view,
    deps: { notify: (n) => notes.push(n), isVisible: () => false },
  });
  s.link.setConnected(true);
  await s.store.loadChats();
  if (options.open) await s.store.openChat(CHAT);
  const preview = () => s.store.getState().chats[CHAT].lastMessage;
  /** The next `GET /chats` answers `stale` (a read made before the latest changes). */
  const reloadWith = async (stale: ChatView) => {
    s.http.mockImplementationOnce(async () => ({ items: [stale], nextCursor: null }));
    await s.store.loadChats();
  };
  return { ...s, notes, preview, reloadWith };
}

describe('a stale copy of a message never brings back deleted or old text', () => {
  describe('the chat list preview, when a change overtakes its message:new', () => {
    it.each([false, true])('shows the deletion (chat open: %s)', async (open) => {
      const s = await started([message(1), message(2)], { open });
      s.link.emit('message:updated', { message: deleted(message(3), 4) });
      s.link.emit('message:new', { message: message(3) });
      expect(s.preview()).toMatchObject({ seq: 3, text: null, deletedAt: expect.any(String) });
      expect(s.store.getState().chats[CHAT]).toMatchObject({ lastSeq: 3, lastChangeSeq: 4 });
    });

    it('shows the edited text', async () => {
      const s = await started([message(1)]);
      s.link.emit('message:updated', { message: edited(message(2), 3, 'edited') });
      s.link.emit('message:new', { message: message(2) });
      expect(s.preview()).toMatchObject({ seq: 2, text: 'edited', deletedAt: null });
    });

    it('does not count a mention of me in a message already deleted', async () => {
      const s = await started([message(1)]);
      const mention = { ...message(2), mentions: [ME] };
      s.link.emit('message:updated', { message: deleted(mention, 3) });
      s.link.emit('message:new', { message: mention });
      const state = s.store.getState();
      expect(unreadMentions(state, state.chats[CHAT])).toBe(0);
    });
  });

  describe('browser notifications, when a change overtakes its message:new', () => {
    it('does not notify of a message already deleted', async () => {
      const s = await started([message(1)]);
      s.link.emit('message:updated', { message: deleted(message(2), 3) });
      s.link.emit('message:new', { message: message(2) });
      expect(s.notes).toEqual([]);
    });

    it('notifies with the edited text, not the text as sent', async () => {
      const s = await started([message(1)], { open: true });
      await s.store.openChat(null);
      s.link.emit('message:updated', { message: edited(message(2), 3, 'edited') });
      s.link.emit('message:new', { message: message(2) });
      expect(s.notes).toEqual([expect.objectContaining({ seq: 2, body: 'edited' })]);
    });
  });

  describe('the chat list read again (GET /chats) from before a change', () => {
    it('keeps the deletion of the last message', async () => {
      const s = await started([message(1), message(2)]);
      s.link.emit('message:updated', { message: deleted(message(2), 3) });
      expect(s.preview()).toMatchObject({ text: null, deletedAt: expect.any(String) });
      await s.reloadWith(listed(message(2)));
      expect(s.preview()).toMatchObject({ seq: 2, text: null, deletedAt: expect.any(String) });
      expect(s.store.getState().chats[CHAT].lastChangeSeq).toBe(3);
    });

    it('keeps the edited text of the last message in an open chat', async () => {
      const s = await started([message(1), message(2)], { open: true });
      s.link.emit('message:updated', { message: edited(message(2), 3, 'edited') });
      await s.reloadWith(listed(message(2)));
      expect(s.preview()).toMatchObject({ seq: 2, text: 'edited' });
    });

    it('takes a newer last message from the read, as the fresher copy held shows it', async () => {
      const s = await started([message(1)]);
      // The deletion of 2 came live; message:new of 2 not yet, but the read has 2 as sent.
      s.link.emit('message:updated', { message: deleted(message(2), 3) });
      await s.reloadWith(listed(message(2)));
      expect(s.store.getState().chats[CHAT]).toMatchObject({ lastSeq: 2, lastChangeSeq: 3 });
      expect(s.preview()).toMatchObject({ seq: 2, text: null, deletedAt: expect.any(String) });
    });

    it('takes a deletion from the read even when a later change to another message came live', async () => {
      const s = await started([message(1), message(2)]);
      // A reaction to 1 (change 4) came live; the deletion of 2 (change 3) has not yet.
      s.link.emit('message:updated', { message: { ...message(1), changeSeq: 4 } });
      await s.reloadWith(listed(deleted(message(2), 3)));
      expect(s.preview()).toMatchObject({ seq: 2, text: null, deletedAt: expect.any(String) });
      expect(s.store.getState().chats[CHAT].lastChangeSeq).toBe(4);
    });

    it('takes the read as it is when it is not older than what is held', async () => {
      const s = await started([message(1), message(2)]);
      s.link.emit('message:updated', { message: edited(message(2), 3, 'edited') });
      await s.reloadWith(listed(deleted(message(2), 4)));
      expect(s.preview()).toMatchObject({ text: null, deletedAt: expect.any(String) });
      expect(s.store.getState().chats[CHAT].lastChangeSeq).toBe(4);
    });

    it('keeps a change applied after the read, for a single chat read too (mute)', async () => {
      const s = await started([message(1), message(2)], { open: true });
      s.link.emit('message:updated', { message: deleted(message(2), 3) });
      s.http.mockImplementationOnce(async () => ({ ...listed(message(2)), muted: true }));
      await s.store.mute(CHAT, null);
      expect(s.preview()).toMatchObject({ seq: 2, text: null });
    });
  });

  describe('message search results fetched before a change', () => {
    it('show the copy held when it is fresher, and leave out deleted messages', async () => {
      const s = await started([message(1), message(2), message(3)], { open: true });
      s.link.emit('message:updated', { message: deleted(message(1), 4) });
      s.link.emit('message:updated', { message: edited(message(2), 5, 'edited') });
      const found = currentResults(s.store.getState(), [message(1), message(2), message(3)]);
      expect(found.map((m) => [m.seq, m.text])).toEqual([
        [2, 'edited'],
        [3, '#3'],
      ]);
    });

    it('use a copy kept aside for a chat not open, and a result fresher than the store', async () => {
      const s = await started([message(1), message(2)]);
      s.link.emit('message:updated', { message: edited(message(1), 3, 'held') });
      const found = currentResults(s.store.getState(), [
        message(1),
        edited(message(2), 9, 'newer than the store'),
        { ...message(1), chatId: 'left-chat' },
      ]);
      expect(found.map((m) => m.text)).toEqual(['held', 'newer than the store']);
    });
  });
});
