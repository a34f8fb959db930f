import type { ChatMessage, FileView } from '@app/contracts';
import { announcementOf } from '../components/use-announcement';
import { chat, message, setup } from '../testing/store-fixtures';
import type { NotificationRequest } from '../state/store-deps';
import { previewOf } from './chat-preview';
import { summaryOf } from './message-summary';

const file = (name: string, durationMs: number | null = null): FileView => ({
  id: 'f1',
  url: '/api/v1/media/f1',
  name,
  mimeType: durationMs ? 'audio/webm' : 'application/pdf',
  size: 1234,
  sha256: 'ab'.repeat(32),
  durationMs,
});

/** Bob's file (or, with a duration, voice) message, with or without a caption. */
const withFile = (seq: number, view: FileView, text: string | null = null): ChatMessage => ({
  ...message(seq),
  kind: view.durationMs ? 'voice' : 'file',
  text,
  mediaId: view.id,
  file: view,
});

describe('a message in one line', () => {
  it('is its text, or what it carries with its caption', () => {
    expect(summaryOf('text', 'See you at 8')).toBe('See you at 8');
    expect(summaryOf('image', null)).toBe('Photo');
    expect(summaryOf('image', 'the view')).toBe('Photo: the view');
    expect(summaryOf('file', null, 'report.pdf')).toBe('📎 report.pdf');
    expect(summaryOf('file', 'for Monday', 'report.pdf')).toBe('📎 report.pdf: for Monday');
    expect(summaryOf('voice', null)).toBe('🎤 Voice message');
    expect(summaryOf('voice', 'on my way')).toBe('🎤 Voice message: on my way');
  });

  it('calls a file whose name is not known here just a file', () => {
    expect(summaryOf('file', null, null)).toBe('📎 File');
    expect(summaryOf('file', 'see this')).toBe('📎 File: see this');
  });

  it('gives the chat list the file name, and none once the message is deleted', () => {
    const sent = withFile(1, file('report.pdf'));
    expect(previewOf(sent)).toMatchObject({ kind: 'file', attachmentName: 'report.pdf' });
    const deleted = { ...sent, deletedAt: '2026-12-08T10:00:00.000Z', text: null, file: null };
    expect(previewOf(deleted)).toMatchObject({ attachmentName: null, text: null });
  });

  it('reads out a new file or voice message with its name or what it is', () => {
    const view = chat(0);
    expect(announcementOf(view, withFile(1, file('report.pdf')))).toBe('Someone: 📎 report.pdf');
    expect(announcementOf(view, withFile(2, file('v.webm', 4_000), 'listen'))).toBe(
      'Someone: 🎤 Voice message: listen',
    );
  });

  it('says in a notification that a file or a voice message came', async () => {
    const notes: NotificationRequest[] = [];
    const s = setup([], { deps: { notify: (n) => notes.push(n) } });
    s.link.setConnected(true);
    await s.store.loadChats();
    s.link.emit('message:new', { message: withFile(1, file('minutes.pdf'), 'from today') });
    s.link.emit('message:new', { message: withFile(2, file('v.webm', 7_000)) });
    expect(notes.map((n) => n.body)).toEqual(['📎 minutes.pdf: from today', '🎤 Voice message']);
  });
});
