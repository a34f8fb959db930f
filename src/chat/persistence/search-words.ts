/** What may join letters and digits inside one word: e-mail addresses, host names, 3.14. */
const JOINERS = '.@/-';

const SEPARATORS = new RegExp(`[^\\p{L}\\p{M}\\p{N}${JOINERS}]+`, 'u');
const JOINERS_AT_ENDS = new RegExp(`^[${JOINERS}]+|[${JOINERS}]+$`, 'g');
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * The words of a message search, read once for every adapter, so that they all match the same
 * words (docs/api.md, the search route): every word must be in the message as a whole word, and
 * the last one also matches as the start of a word, since people search as they type.
 *
 * A word is a run of letters, marks and digits, which may hold `.`, `@`, `/` and `-` inside:
 * PostgreSQL's parser keeps "example.com", "ada@example.com" and "3.14" as one word each, and
 * would find none of their parts alone. Anything else separates words and is dropped here, so no
 * query syntax (tsquery operators, regex metacharacters other than `.`) reaches an adapter; a
 * search with no letter or digit has no words, and finds nothing.
 */
export function searchWords(text: string): string[] {
  return text
    .split(SEPARATORS)
    .map((word) => word.replace(JOINERS_AT_ENDS, ''))
    .filter((word) => HAS_LETTER_OR_DIGIT.test(word));
}
