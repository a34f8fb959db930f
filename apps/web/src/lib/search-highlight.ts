/** A piece of a search result's text; `hit` pieces match a word of the query. */
export interface HighlightPiece {
  text: string;
  hit: boolean;
}

/** How much text a result shows, around the first hit. */
const SNIPPET_CHARS = 120;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/**
 * The text cut around the first word of the query it contains, split into hits and the rest
 * (case-insensitive). Plain strings only: the result is rendered as text, never as HTML.
 */
export function highlightHits(
  text: string,
  query: string,
  maxChars = SNIPPET_CHARS,
): HighlightPiece[] {
  const words = [...new Set(query.split(/\s+/u).filter(Boolean))].sort(
    (a, b) => b.length - a.length,
  );
  if (words.length === 0) return [{ text: cut(text, 0, maxChars), hit: false }];
  const pattern = new RegExp(`(${words.map(escapeRegExp).join('|')})`, 'giu');
  const first = text.search(pattern);
  const snippet = cut(text, Math.max(0, first), maxChars);
  return snippet
    .split(pattern)
    .filter((piece) => piece !== '')
    .map((piece) => ({
      text: piece,
      hit: words.some((w) => w.toLocaleLowerCase() === piece.toLocaleLowerCase()),
    }));
}

/** Up to `maxChars` of the text, starting a little before `hitAt`, with "…" where it was cut. */
function cut(text: string, hitAt: number, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const start = Math.max(0, Math.min(hitAt - 30, text.length - maxChars));
  const end = start + maxChars;
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}
