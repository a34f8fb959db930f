import type { ChatMessage } from '@app/contracts';
import { confirm, emptyConversation, mergeMessages, newestSeq, oldestSeq } from './conversation';

const msg = (seq: number, clientMessageId: string | null = null): ChatMessage => ({
  id: `m${seq}`,
  chatId: 'c1',
  seq,
  senderId: 'u1',
  clientMessageId,
  kind: 'text',
  text: `#${seq}`,
  mediaId: null,
  media: null,
  system: null,
  createdAt: new Date(2026, 10, 21, 9, seq).toISOString(),
});

describe('merging messages from pages, live events and acknowledgements', () => {
  it('orders by seq and keeps each seq once, whatever the sources overlap', () => {
    const page = [msg(3), msg(4), msg(5)];
    const live = [msg(5), msg(6)];
    const older = [msg(1), msg(2), msg(3)];
    const merged = mergeMessages(mergeMessages(page, live), older);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('answers the same array when nothing comes in', () => {
    const list = [msg(1)];
    expect(mergeMessages(list, [])).toBe(list);
  });

  it('drops a pending message once its confirmation arrives, and only that one', () => {
    const conversation = {
      ...emptyConversation(),
      pending: [
        {
          clientMessageId: 'a',
          chatId: 'c1',
          text: 'x',
          status: 'sending' as const,
          createdAt: '',
        },
        { clientMessageId: 'b', chatId: 'c1', text: 'y', status: 'failed' as const, createdAt: '' },
      ],
    };
    const after = confirm(conversation, [msg(7, 'a')]);
    expect(after.pending.map((p) => p.clientMessageId)).toEqual(['b']);
    expect(after.messages.map((m) => m.seq)).toEqual([7]);
    expect(newestSeq(after)).toBe(7);
    expect(oldestSeq(after)).toBe(7);
    expect(newestSeq(undefined)).toBe(0);
  });
});
