import { LINK_PREVIEW_DESCRIPTION_LENGTH, LINK_PREVIEW_TITLE_LENGTH } from '@app/contracts';
import { decodeEntities } from './html-entities';

/** What a page says about itself, as a preview shows it: plain text, cut to length. */
export interface PageMetadata {
  title: string | null;
  description: string | null;
  siteName: string | null;
  /** The page's picture, as an absolute http(s) URL. */
  imageUrl: string | null;
}

const SITE_NAME_LENGTH = 100;
/** Only the start of a page is read: metadata lives in its head. */
const MAX_SCANNED = 512 * 1024;
/** A tag longer than this is not one we want; the scan moves past it. */
const MAX_TAG = 4096;
const MAX_IMAGE_URL = 2048;

const TAG_NAME = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]{0,31})/y;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
/** Elements whose content is not markup: skipped whole. */
const RAW_TEXT = new Set(['script', 'style', 'noscript', 'template', 'textarea']);

/** Where each field is looked for, the first found winning. */
const FIELDS = {
  title: ['og:title', 'twitter:title'],
  description: ['og:description', 'twitter:description', 'description'],
  siteName: ['og:site_name', 'application-name'],
  image: ['og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src'],
} as const;

/**
 * Reads a page's `<title>` and its `og:` and `twitter:` meta tags (and `description`), from the
 * start of its HTML up to the end of its head. A small scanner of our own, linear in the input
 * whatever it holds (no backtracking pattern runs over the page, so a hostile page cannot make it
 * slow), that skips comments and scripts. Values are decoded, stripped of control characters,
 * their spaces collapsed and cut to length; the image URL is resolved against `pageUrl`.
 */
export function readPageMetadata(html: string, pageUrl: string): PageMetadata {
  const { metas, title } = scanHead(html.slice(0, MAX_SCANNED));
  const first = (names: readonly string[]) =>
    names.map((name) => metas.get(name)).find((value) => value !== undefined && value !== '');
  return {
    title: cut(first(FIELDS.title) ?? title, LINK_PREVIEW_TITLE_LENGTH),
    description: cut(first(FIELDS.description), LINK_PREVIEW_DESCRIPTION_LENGTH),
    siteName: cut(first(FIELDS.siteName), SITE_NAME_LENGTH),
    imageUrl: absoluteImage(first(FIELDS.image), pageUrl),
  };
}

interface Head {
  /** Meta tags by `property` or `name` (lower case), the first of each name only. */
  metas: Map<string, string>;
  title: string | undefined;
}

function scanHead(html: string): Head {
  // ASCII-only lower case keeps every index where it was (toLowerCase may not: 'İ' grows).
  const lower = html.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
  const head: Head = { metas: new Map(), title: undefined };
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf('<', at);
    if (open === -1) break;
    if (html.startsWith('<!--', open)) {
      const end = html.indexOf('-->', open + 4);
      if (end === -1) break;
      at = end + 3;
      continue;
    }
    TAG_NAME.lastIndex = open;
    const name = TAG_NAME.exec(html);
    if (!name) {
      at = open + 1;
      continue;
    }
    const end = tagEnd(html, open);
    if (end === -1) {
      at = open + MAX_TAG;
      continue;
    }
    const [, closing, rawName] = name;
    const tag = rawName.toLowerCase();
    at = end + 1;
    if (closing) {
      if (tag === 'head') break;
      continue;
    }
    if (tag === 'body') break;
    if (tag === 'meta') readMeta(html.slice(open + name[0].length, end), head.metas);
    if (tag === 'title' || RAW_TEXT.has(tag)) {
      const close = lower.indexOf(`</${tag}`, at);
      if (close === -1) break;
      if (tag === 'title' && head.title === undefined) head.title = html.slice(at, close);
      at = close;
    }
  }
  return head;
}

/** The `>` that ends the tag opened at `open`, outside quotes; -1 when none comes soon enough. */
function tagEnd(html: string, open: number): number {
  let quote = '';
  const last = Math.min(html.length, open + MAX_TAG);
  for (let at = open + 1; at < last; at++) {
    const char = html[at];
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      return at;
    }
  }
  return -1;
}

function readMeta(attributes: string, metas: Map<string, string>): void {
  let key: string | undefined;
  let content: string | undefined;
  for (const [, name, double, single, bare] of attributes.matchAll(ATTRIBUTE)) {
    const value = double ?? single ?? bare ?? '';
    const attribute = name.toLowerCase();
    if ((attribute === 'property' || attribute === 'name') && key === undefined) {
      key = value.trim().toLowerCase();
    } else if (attribute === 'content' && content === undefined) {
      content = value;
    }
  }
  if (key && content !== undefined && !metas.has(key)) metas.set(key, content);
}

/** Plain text of at most `length` characters (code points), or null when nothing is left. */
function cut(raw: string | undefined, length: number): string | null {
  if (raw === undefined) return null;
  const text = decodeEntities(raw)
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return null;
  const chars = Array.from(text);
  return chars.length <= length
    ? text
    : `${chars
        .slice(0, length - 1)
        .join('')
        .trimEnd()}…`;
}

function absoluteImage(raw: string | undefined, pageUrl: string): string | null {
  if (!raw) return null;
  try {
    const url = new URL(decodeEntities(raw.trim()), pageUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.href.length <= MAX_IMAGE_URL ? url.href : null;
  } catch {
    return null;
  }
}

const CHARSET = /charset\s*=\s*["']?([a-zA-Z0-9_.:-]{1,40})/i;

/**
 * The page's bytes as text, in the charset its `Content-Type` names, else the one a `<meta>` in
 * its first kilobyte names, else UTF-8; malformed bytes become U+FFFD.
 */
export function decodeHtml(bytes: Buffer, contentType: string | undefined): string {
  const label =
    CHARSET.exec(contentType ?? '')?.[1] ?? CHARSET.exec(bytes.toString('latin1', 0, 1024))?.[1];
  try {
    return new TextDecoder(label ?? 'utf-8').decode(bytes);
  } catch {
    // A label TextDecoder does not know.
    return new TextDecoder('utf-8').decode(bytes);
  }
}
