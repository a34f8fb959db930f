import type { MentionName } from './rich-text';

/** The `@…` being typed at the caret: where its `@` is and what follows it. */
export interface MentionQuery {
  start: number;
  query: string;
}

/** Longest text after `@` still read as a name being typed. */
const MAX_QUERY = 40;

/**
 * The mention being typed at the caret, or null: an `@` at the start or after a space, then no
 * line break and at most one space (so "@Ada Lo" still offers "Ada Lovelace").
 */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || caret - at - 1 > MAX_QUERY) return null;
  if (at > 0 && !/\s/u.test(before[at - 1])) return null;
  const query = before.slice(at + 1);
  if (/[\n\r]/u.test(query) || (query.match(/ /gu) ?? []).length > 1 || query.startsWith(' ')) {
    return null;
  }
  return { start: at, query };
}

/**
 * People whose name, a word of it, or their handle starts with the query (case-insensitive),
 * best first.
 */
export function mentionCandidates<T extends MentionName>(
  people: readonly T[],
  query: string,
  limit = 8,
): T[] {
  const q = query.toLocaleLowerCase();
  const score = (p: T) => {
    const name = p.name.toLocaleLowerCase();
    if (name.startsWith(q)) return 0;
    if (name.split(/\s+/u).some((word) => word.startsWith(q))) return 1;
    return p.handle?.startsWith(q) ? 2 : -1;
  };
  return people
    .map((p) => ({ p, s: score(p) }))
    .filter(({ s }) => s >= 0)
    .sort((a, b) => a.s - b.s || a.p.name.localeCompare(b.p.name))
    .slice(0, limit)
    .map(({ p }) => p);
}

/** Replaces the `@query` at the caret with `@Name ` and answers the new text and caret. */
export function insertMention(
  text: string,
  query: MentionQuery,
  caret: number,
  name: string,
): { text: string; caret: number } {
  const inserted = `@${name} `;
  const after = text.slice(caret).replace(/^ /u, '');
  return {
    text: `${text.slice(0, query.start)}${inserted}${after}`,
    caret: query.start + inserted.length,
  };
}
