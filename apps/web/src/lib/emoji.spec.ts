import { EMOJI, QUICK_REACTIONS, isSingleEmoji, searchEmoji } from './emoji';

describe('emoji for reactions', () => {
  it('takes exactly one emoji, with its modifiers and joiners', () => {
    for (const emoji of ['👍', '❤️', '👍🏽', '👩‍👩‍👧‍👦', '🇳🇴', '🏳️‍🌈']) {
      expect(isSingleEmoji(emoji)).toBe(true);
    }
    for (const text of ['', 'a', '👍👍', '👍 ', ':)', '1', '👍a', '<b>']) {
      expect(isSingleEmoji(text)).toBe(false);
    }
    expect(QUICK_REACTIONS.every(isSingleEmoji)).toBe(true);
    expect(EMOJI.every((e) => isSingleEmoji(e.emoji))).toBe(true);
  });

  it('finds emoji by the start of their words', () => {
    expect(searchEmoji('thumb')).toEqual(['👍', '👎']);
    expect(searchEmoji('HEART')).toEqual(expect.arrayContaining(['❤️', '😍', '💔']));
    expect(searchEmoji('thumbs down')).toEqual(['👎']);
    expect(searchEmoji('zzzz-none')).toEqual([]);
    expect(searchEmoji('  ')).toHaveLength(EMOJI.length);
  });
});
