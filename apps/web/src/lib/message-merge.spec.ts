import type { ChatMessage } from '@app/contracts';
import { cutText, fresher, mergeMessages, quoteOf, refreshQuotes } from './message-merge';

const msg = (seq: number, changeSeq = seq, text: string | null = `#${seq}`): ChatMessage => ({
  id: `m${seq}`,
  chatId: 'c1',
  seq,
  senderId: 'u1',
  clientMessageId: null,
  kind: 'text',
  text,
  mediaId: null,
  media: null,
  file: null,
  system: null,
  createdAt: '2026-11-21T09:00:00.000Z',
  changeSeq,
  editedAt: changeSeq > seq ? '2026-11-21T10:00:00.000Z' : null,
  deletedAt: null,
  replyTo: null,
  reactions: [],
  mentions: [],
  previews: [],
});

const reply = (seq: number, to: ChatMessage): ChatMessage => ({
  ...msg(seq),
  replyTo: quoteOf(to),
});

describe('merging copies of one message', () => {
  it('keeps the higher changeSeq, and the copy held on a tie', () => {
    const held = msg(1, 5, 'held');
    expect(fresher(held, msg(1, 4, 'stale'))).toBe(held);
    expect(fresher(held, msg(1, 5, 'same change'))).toBe(held);
    expect(fresher(held, msg(1, 6, 'newer')).text).toBe('newer');
    expect(fresher(undefined, held)).toBe(held);
  });

  it('gives the same result whatever order the copies come in', () => {
    const copies = [msg(1, 1, 'a'), msg(1, 3, 'c'), msg(1, 2, 'b'), msg(2)];
    const forward = copies.reduce<ChatMessage[]>((list, m) => mergeMessages(list, [m]), []);
    const backward = [...copies]
      .reverse()
      .reduce<ChatMessage[]>((list, m) => mergeMessages(list, [m]), []);
    expect(forward).toEqual(backward);
    expect(forward.map((m) => m.text)).toEqual(['c', '#2']);
  });
});

describe('quotes follow their original', () => {
  it('clears the quote of a reply to a deleted message', () => {
    const original = msg(1);
    const tombstone = { ...msg(1, 9, null), deletedAt: '2026-11-21T11:00:00.000Z' };
    const list = refreshQuotes([tombstone, reply(2, original)]);
    expect(list[1].replyTo).toBeNull();
  });

  it('cuts an edited original to 200 characters in the quote', () => {
    const original = msg(1);
    const list = refreshQuotes([msg(1, 9, 'y'.repeat(300)), reply(2, original)]);
    expect(list[1].replyTo).toMatchObject({ seq: 1, text: 'y'.repeat(200) });
  });

  it('derives the quote from the original held, whatever the changeSeqs of the two copies', () => {
    // The reply was read a moment before the deletion (change 9) and stored after it (change 10).
    const tombstone = { ...msg(1, 9, null), deletedAt: '2026-11-21T11:00:00.000Z' };
    expect(
      refreshQuotes([tombstone, { ...reply(2, msg(1)), changeSeq: 10 }])[1].replyTo,
    ).toBeNull();
    // A quote newer than the original held waits for the original's change, as the original does.
    const list = refreshQuotes([msg(1, 1, 'held'), reply(5, msg(1, 3, 'quoted later'))]);
    expect(list[1].replyTo?.text).toBe('held');
  });

  it('keeps the quote of a reply whose original is not held, and answers the same list', () => {
    const list = [reply(5, msg(1, 3, 'as the server quoted it'))];
    expect(refreshQuotes(list)).toBe(list);
  });

  it('uses the copies kept aside for originals older than the list', () => {
    const original = msg(1);
    const tombstone = { ...msg(1, 9, null), deletedAt: '2026-11-21T11:00:00.000Z' };
    expect(refreshQuotes([reply(2, original)], { 1: tombstone })[0].replyTo).toBeNull();
  });
});

describe('cutting text as the server does', () => {
  it('counts characters, not UTF-16 units, and never splits an emoji', () => {
    expect(cutText('🎉'.repeat(3), 2)).toBe('🎉🎉');
    expect(cutText('abc', 5)).toBe('abc');
  });
});
