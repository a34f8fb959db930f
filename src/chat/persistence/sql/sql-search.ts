import { sql, type SQL } from 'drizzle-orm';
import { messages } from './messages.table';

/**
 * The words of `searchWords` as `to_tsquery` text: all of them required, the last also as a
 * prefix (`'lor':*` finds "lorem"). Each word is quoted, and inside quotes only a quote or a
 * backslash means anything; the words hold neither, but they are escaped all the same, so that
 * no input can ever be read as tsquery syntax.
 */
export function prefixTsquery(words: readonly string[]): string {
  const last = words.length - 1;
  return words
    .map((word, i) => `'${word.replace(/['\\]/g, '\\$&')}'${i === last ? ':*' : ''}`)
    .join(' & ');
}

/**
 * The messages whose text has every word, the last as a prefix. The tsquery is a parameter, and
 * the GIN index on `search` answers prefix queries too. `to_tsquery` runs each quoted word
 * through the same parser and 'simple' dictionary as the column, so case does not matter, and a
 * word the parser cuts in parts ("foo-bar") must match those parts in a row.
 */
export const matchesWords = (words: readonly string[]): SQL =>
  sql`${messages.search} @@ to_tsquery('simple', ${prefixTsquery(words)})`;
