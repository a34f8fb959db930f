import { emojiProblem } from './emoji';

describe('a reaction is exactly one emoji', () => {
  it.each(['👍', '❤️', '👨‍👩‍👧‍👦', '🇫🇷', '1️⃣', '👍🏽', '©️', '🏳️‍🌈'])('accepts %s', (emoji) => {
    expect(emojiProblem(emoji)).toBeNull();
  });

  it.each([
    ['a letter', 'a'],
    ['two emoji', '👍👍'],
    ['nothing', ''],
    ['markup', '<b>'],
    ['an emoji and a letter', '👍a'],
    ['a control character first', '\u0000👍'],
    ['a trailing space', '👍 '],
    ['a digit without a keycap', '1'],
    ['a lone regional indicator', '🇫'],
    ['not a string', 42],
  ])('refuses %s', (_, value) => {
    expect(emojiProblem(value)).toMatch(/emoji/);
  });

  it('refuses a single grapheme of more than 32 bytes', () => {
    const long = '👨' + '\u200D👨'.repeat(5);
    expect(emojiProblem(long)).toMatch(/32 bytes/);
  });
});
