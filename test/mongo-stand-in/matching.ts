import { find, Query } from 'mingo';
import { idFirst, isPlainObject, type Doc } from './documents';
import { CommandError } from './errors';
import type { IndexSpec } from './indexes';
import { parseTextQuery, textMatcher } from './text-search';

export type Predicate = (doc: Doc) => boolean;

/**
 * A query filter as a predicate: mingo evaluates everything but `$text`, which it does not know;
 * `$text` is taken out (MongoDB allows it only at the top, or in a top-level `$and`) and matched
 * by `text-search.ts`.
 */
export function compileFilter(filter: unknown, indexes: readonly IndexSpec[]): Predicate {
  if (filter === undefined || filter === null) return () => true;
  if (!isPlainObject(filter)) throw new CommandError('TypeMismatch', 'filter must be a document');
  const { rest, text } = withoutText(filter);
  const query = Object.keys(rest).length > 0 ? new Query(unicodeRegexes(rest) as Doc, {}) : null;
  const matchesText = text === undefined ? null : textMatcher(indexes, parseTextQuery(text));
  return (doc) => (matchesText === null || matchesText(doc)) && (query === null || query.test(doc));
}

function withoutText(filter: Doc): { rest: Doc; text?: unknown } {
  const { $text: text, ...rest } = filter;
  if (text !== undefined || !Array.isArray(rest.$and)) return { rest, text };
  const clauses = rest.$and as unknown[];
  const found = clauses.find((c) => isPlainObject(c) && '$text' in c) as Doc | undefined;
  if (!found) return { rest };
  const { $text: nested, ...others } = found;
  const and = clauses.map((c) => (c === found ? others : c));
  return { rest: { ...rest, $and: and }, text: nested };
}

/**
 * MongoDB's regexes are UTF-8 PCRE, where `\p{L}` and the like work with no option; JavaScript
 * needs the `u` flag for them (without it, `\p{L}` is the text "p{L}"). So every regex of a filter,
 * a BSON one or a `$regex` string with its `$options`, is compiled with `u` added, unless `u`
 * refuses the pattern (PCRE accepts escapes such as `\-` that `u` does not): then as it came.
 */
function unicodeRegexes(value: unknown): unknown {
  if (value instanceof RegExp) return withUnicode(value.source, value.flags);
  if (Array.isArray(value)) return value.map(unicodeRegexes);
  if (!isPlainObject(value)) return value;
  const copy: Doc = {};
  for (const [key, inner] of Object.entries(value)) copy[key] = unicodeRegexes(inner);
  const { $regex: pattern, $options: options } = copy;
  if (pattern instanceof RegExp || typeof pattern === 'string') {
    const source = pattern instanceof RegExp ? pattern.source : pattern;
    const flags =
      typeof options === 'string' ? options : pattern instanceof RegExp ? pattern.flags : '';
    copy.$regex = withUnicode(source, flags);
    delete copy.$options;
  }
  return copy;
}

function withUnicode(source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags.includes('u') ? flags : `${flags}u`);
  } catch {
    return new RegExp(source, flags);
  }
}

/** `find`'s options, each as MongoDB reads them (limit 0: no limit; a negative one: its size). */
export interface FindOptions {
  readonly sort?: unknown;
  readonly skip?: unknown;
  readonly limit?: unknown;
  readonly projection?: unknown;
}

/** The documents of a read, filtered, sorted, skipped, limited and projected. */
export function select(
  docs: readonly Doc[],
  filter: unknown,
  indexes: readonly IndexSpec[],
  options: FindOptions = {},
): Doc[] {
  const matches = compileFilter(filter, indexes);
  let found = docs.filter((doc) => matches(doc));
  found = sortDocs(found, options.sort);
  const skip = toCount(options.skip, 'skip');
  const limit = Math.abs(toCount(options.limit, 'limit', true));
  found = found.slice(skip, limit > 0 ? skip + limit : undefined);
  return project(found, options.projection);
}

export function sortDocs(docs: Doc[], sort: unknown): Doc[] {
  if (sort === undefined || sort === null) return docs;
  if (!isPlainObject(sort)) throw new CommandError('TypeMismatch', 'sort must be a document');
  if (Object.keys(sort).length === 0) return docs;
  return find(docs, {}).sort(sort).all();
}

export function project(docs: Doc[], projection: unknown): Doc[] {
  if (projection === undefined || projection === null) return docs;
  if (!isPlainObject(projection)) {
    throw new CommandError('TypeMismatch', 'projection must be a document');
  }
  if (Object.keys(projection).length === 0) return docs;
  return find(docs, {}, projection)
    .all()
    .map((doc) => idFirst(doc));
}

function toCount(value: unknown, name: string, signed = false): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || (!signed && value < 0)) {
    throw new CommandError('BadValue', `${name} must be a non-negative integer`);
  }
  return value;
}
