/** What words are made of: a word starts and ends next to none of these. */
const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}]';
const NOT_WORD_CHAR = '[^\\p{L}\\p{M}\\p{N}]';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `word` at the start of a word of the text; unless it is the `prefix`, at its end too. MongoDB's
 * regexes are UTF-8 PCRE, where `\p{…}` needs no option, so only `i` is given.
 */
function wordPattern(word: string, prefix: boolean): { $regex: string; $options: string } {
  const end = prefix ? '' : `(?!${WORD_CHAR})`;
  return { $regex: `(?:^|${NOT_WORD_CHAR})${escapeRegex(word)}${end}`, $options: 'i' };
}

/**
 * The filter for messages whose text has every word of `searchWords`, whole, and the last one also
 * as the start of a word, as on SQL. The regexes decide; a text index cannot match a prefix, so
 * when there are whole words before the last, `$text` over them (each quoted: all must be there)
 * lets the text index narrow the messages the regexes read. It finds a superset of what the
 * regexes keep (it also ignores diacritics, and a quoted word matches inside longer words).
 * A one-word search reads every text message of the chats searched.
 */
export function wordsFilter(words: readonly string[]) {
  const whole = words.slice(0, -1);
  const matches = words.map((word, i) => ({ text: wordPattern(word, i === words.length - 1) }));
  return whole.length === 0
    ? { $and: matches }
    : { $text: { $search: whole.map((word) => `"${word}"`).join(' ') }, $and: matches };
}
