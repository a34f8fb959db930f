import type { ChatMessage } from '@app/contracts';
import {
  MAX_UNHELD,
  applyChanges,
  confirm,
  confirmCatchUp,
  confirmNewestPage,
  emptyConversation,
  mergeMessages,
  missingSeq,
  newestSeq,
  oldestSeq,
} from './conversation';

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
  file: null,
  system: null,
  createdAt: new Date(2026, 10, 21, 9, seq).toISOString(),
  changeSeq: seq,
  editedAt: null,
  deletedAt: null,
  replyTo: null,
  reactions: [],
  mentions: [],
  previews: [],
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

describe('the synced seq: where catch-up resumes', () => {
  const seqs = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => msg(from + i));
  /** Opened on its newest page of 50 of 100; the server answers a page newest first. */
  const opened = () => confirmNewestPage(emptyConversation(), seqs(51, 100).reverse());

  it('starts at the oldest seq of the newest page, and older pages do not move it', () => {
    expect(opened()).toMatchObject({ loaded: true, syncedSeq: 100 });
    expect(confirm(opened(), seqs(1, 50)).syncedSeq).toBe(100);
    expect(confirmNewestPage(emptyConversation(), []).syncedSeq).toBe(0);
  });

  it('moves through live messages only as far as every seq is held (n+1 before n)', () => {
    const early = confirm(opened(), [msg(102)]);
    expect(early.syncedSeq).toBe(100);
    expect(missingSeq(early)).toBe(101);
    const filled = confirm(early, [msg(101)]);
    expect(filled.syncedSeq).toBe(102);
    expect(missingSeq(filled)).toBeNull();
    expect(confirm(opened(), [msg(101), msg(102)]).syncedSeq).toBe(102);
  });

  it('does not trust a hole in a history page (a write still in progress)', () => {
    const holed = confirmNewestPage(emptyConversation(), [msg(5), msg(3), msg(2)]);
    expect(holed.syncedSeq).toBe(3);
    expect(missingSeq(holed)).toBe(4);
  });

  it('lets a catch-up page vouch for a seq the server stepped over, but not a live message', () => {
    const early = confirm(opened(), [msg(102)]);
    expect(confirm(early, [msg(103)]).syncedSeq).toBe(100);
    // Seq 101 was lost for good (its writer died): the server answers past it.
    const caughtUp = confirmCatchUp(early, 100, [msg(102), msg(103)]);
    expect(caughtUp.syncedSeq).toBe(103);
    expect(missingSeq(caughtUp)).toBeNull();
    // An answer from past the synced seq does not cover the seqs below its cursor.
    expect(confirmCatchUp(early, 101, [msg(103)]).syncedSeq).toBe(100);
    expect(confirmCatchUp(early, 100, []).syncedSeq).toBe(100);
  });

  it('has nothing missing before the first page is loaded', () => {
    expect(missingSeq(confirm(emptyConversation(), [msg(2)]))).toBeNull();
    expect(missingSeq(undefined)).toBeNull();
  });
});

describe('copies of changed messages kept aside', () => {
  const edit = (m: ChatMessage, changeSeq: number): ChatMessage => ({
    ...m,
    text: 'edited',
    changeSeq,
  });

  it('keeps at most MAX_UNHELD per chat never opened, the newest seqs', () => {
    let c = emptyConversation();
    const total = MAX_UNHELD + 50;
    for (let seq = 1; seq <= total; seq += 1) c = applyChanges(c, [edit(msg(seq), total + seq)]);
    const kept = Object.keys(c.unheld).map(Number);
    expect(kept).toHaveLength(MAX_UNHELD);
    expect(Math.min(...kept)).toBe(total - MAX_UNHELD + 1);
    // What is kept still wins over the older copy its first page brings.
    const opened = confirmNewestPage(c, [msg(total - 1), msg(total)]);
    expect(opened.messages.map((m) => m.text)).toEqual(['edited', 'edited']);
  });

  it('keeps tombstones longest: a late copy of a reply may still quote its deleted original', () => {
    const tombstone = {
      ...msg(1),
      text: null,
      changeSeq: 1000,
      deletedAt: '2026-11-21T11:00:00.000Z',
    };
    let c = applyChanges(emptyConversation(), [tombstone]);
    for (let seq = 2; seq <= MAX_UNHELD + 1; seq += 1)
      c = applyChanges(c, [edit(msg(seq), 1000 + seq)]);
    expect(c.unheld[1]).toBe(tombstone);
    expect(c.unheld[2]).toBeUndefined();
    const late = {
      ...msg(MAX_UNHELD + 2),
      changeSeq: 2000,
      replyTo: { seq: 1, senderId: 'u1', kind: 'text' as const, text: '#1' },
    };
    expect(confirmNewestPage(c, [late]).messages[0].replyTo).toBeNull();
  });
});
