/**
 * Message text as pieces to render: plain text, links and mentions. Nothing here is HTML: the
 * pieces are strings that React renders as text nodes and attributes, so a message can never
 * inject markup, whatever it contains.
 */
export type TextPiece =
  | { type: 'text'; text: string }
  | { type: 'link'; text: string; href: string }
  | { type: 'mention'; text: string; userId: string };

/** Someone a message may mention: `@Name` in its text. */
export interface MentionName {
  userId: string;
  name: string;
  /** Shown in the suggestions, to tell apart two members of the same name. */
  handle?: string;
}

/** http(s) links; the end is trimmed of punctuation that ends the sentence, not the address. */
const LINK = /\bhttps?:\/\/[^\s<>"'`]+/giu;
const TRAILING = /[.,;:!?*_~]+$/u;
const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** The address as a link target, or null unless it is a well-formed http or https URL. */
export function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Trims what follows the address: a full stop, or a closing bracket that has no opening one. */
function trimLink(raw: string): string {
  let link = raw.replace(TRAILING, '');
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ]) {
    while (link.endsWith(close) && count(link, close) > count(link, open)) {
      link = link.slice(0, -1).replace(TRAILING, '');
    }
  }
  return link;
}

const count = (text: string, char: string) => text.split(char).length - 1;

/** Splits text into plain pieces and links (http and https only). */
export function splitLinks(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const match of text.matchAll(LINK)) {
    const link = trimLink(match[0]);
    const href = safeHref(link);
    if (!href) continue;
    const start = match.index;
    if (start > at) pieces.push({ type: 'text', text: text.slice(at, start) });
    pieces.push({ type: 'link', text: link, href });
    at = start + link.length;
  }
  if (at < text.length) pieces.push({ type: 'text', text: text.slice(at) });
  return pieces;
}

/**
 * Finds `@Name` of the given people in plain text: at the start or after a non-word character,
 * and not followed by a letter or digit (so `@Ann` is not found in `@Anna`). Longer names first,
 * so `@Ann Lee` wins over `@Ann`.
 */
export function splitMentions(text: string, people: readonly MentionName[]): TextPiece[] {
  const names = people.filter((p) => p.name.trim()).sort((a, b) => b.name.length - a.name.length);
  const pieces: TextPiece[] = [];
  let plainFrom = 0;
  let i = 0;
  while (i < text.length) {
    const found =
      text[i] === '@' && (i === 0 || !WORD_CHAR.test(text[i - 1]))
        ? names.find((p) => {
            const end = i + 1 + p.name.length;
            return text.startsWith(p.name, i + 1) && !WORD_CHAR.test(text[end] ?? ' ');
          })
        : undefined;
    if (!found) {
      i += 1;
      continue;
    }
    if (i > plainFrom) pieces.push({ type: 'text', text: text.slice(plainFrom, i) });
    const end = i + 1 + found.name.length;
    pieces.push({ type: 'mention', text: text.slice(i, end), userId: found.userId });
    plainFrom = end;
    i = end;
  }
  if (plainFrom < text.length) pieces.push({ type: 'text', text: text.slice(plainFrom) });
  return pieces;
}

/** Links first (a mention inside an address stays part of it), then mentions in the rest. */
export function parseMessageText(text: string, people: readonly MentionName[] = []): TextPiece[] {
  return splitLinks(text).flatMap((piece) =>
    piece.type === 'text' ? splitMentions(piece.text, people) : [piece],
  );
}

/** The ids of the people whose `@Name` the text still contains. */
export function mentionedIds(text: string, people: readonly MentionName[]): string[] {
  const ids = parseMessageText(text, people).flatMap((p) =>
    p.type === 'mention' ? [p.userId] : [],
  );
  return [...new Set(ids)];
}
