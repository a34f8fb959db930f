import { isPlainObject, valuesAtPath, type Doc } from './documents';
import { CommandError } from './errors';
import type { IndexSpec } from './indexes';

/**
 * `$text` done by hand, because mingo has no text search. It is an approximation of MongoDB's,
 * written for the `default_language: 'none'` index the app uses (no stemming, no stop words):
 *
 * - text and query are lower-cased and stripped of accents (unless `$caseSensitive` /
 *   `$diacriticSensitive`), then cut into words at every character that is not a letter or digit;
 * - a document matches when it has at least one of the query's words as a whole word, contains
 *   every quoted phrase as plain text (so a quoted "noon" is found in "afternoon", as on
 *   MongoDB), and has none of the negated words or phrases.
 *
 * MongoDB's own word delimiters, its Unicode tables and its scoring are not reproduced; a search
 * that depends on them can pass here and fail on a real server.
 */
export interface TextQuery {
  readonly search: string;
  readonly caseSensitive: boolean;
  readonly diacriticSensitive: boolean;
}

export function parseTextQuery(raw: unknown): TextQuery {
  if (!isPlainObject(raw) || typeof raw.$search !== 'string') {
    throw new CommandError('BadValue', '$text needs a $search string');
  }
  return {
    search: raw.$search,
    caseSensitive: raw.$caseSensitive === true,
    diacriticSensitive: raw.$diacriticSensitive === true,
  };
}

const WORD_BREAK = /[^\p{L}\p{N}]+/u;

const words = (text: string) => text.split(WORD_BREAK).filter((w) => w.length > 0);

/** A predicate over documents for one `$text` query on the collection's text index. */
export function textMatcher(
  indexes: readonly IndexSpec[],
  query: TextQuery,
): (doc: Doc) => boolean {
  const index = indexes.find((i) => i.textFields);
  if (!index?.textFields) {
    throw new CommandError('IndexNotFound', 'text index required for $text query');
  }
  const fields = index.textFields;
  const normalise = (text: string) => {
    const folded = query.caseSensitive ? text : text.toLowerCase();
    return query.diacriticSensitive ? folded : folded.normalize('NFD').replace(/\p{M}/gu, '');
  };
  const { terms, phrases, notTerms, notPhrases } = parseSearch(normalise(query.search));
  return (doc) => {
    const text = normalise(documentText(doc, fields));
    const present = new Set(words(text));
    return (
      terms.some((t) => present.has(t)) &&
      phrases.every((p) => text.includes(p)) &&
      !notTerms.some((t) => present.has(t)) &&
      !notPhrases.some((p) => text.includes(p))
    );
  };
}

/** Quoted phrases, `-negations` and plain words; the words of phrases count as words too. */
function parseSearch(search: string) {
  const phrases: string[] = [];
  const notPhrases: string[] = [];
  const rest = search.replace(/(-?)"([^"]*)"?/g, (_, minus: string, phrase: string) => {
    if (phrase.trim().length > 0) (minus ? notPhrases : phrases).push(phrase);
    return minus ? ' ' : ` ${phrase} `;
  });
  const terms: string[] = [];
  const notTerms: string[] = [];
  for (const token of rest.split(/\s+/)) {
    const negated = token.startsWith('-');
    (negated ? notTerms : terms).push(...words(negated ? token.slice(1) : token));
  }
  return { terms, phrases, notTerms, notPhrases };
}

/** The strings of the indexed fields, joined: the text the search looks at. */
function documentText(doc: Doc, fields: readonly string[]): string {
  const strings = (value: unknown): string[] => {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.flatMap(strings);
    if (isPlainObject(value)) return Object.values(value).flatMap(strings);
    return [];
  };
  if (fields.includes('$**')) return strings(doc).join('\n');
  return fields.flatMap((field) => valuesAtPath(doc, field).flatMap(strings)).join('\n');
}
