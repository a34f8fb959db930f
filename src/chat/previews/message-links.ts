import { MAX_LINK_PREVIEWS } from '@app/contracts';

/** Longer links are skipped: no page worth previewing needs one, and each is a request. */
const MAX_LINK_LENGTH = 2048;

/** An http(s) link as people write it: up to the next space or character URLs never hold bare. */
const LINK = /\bhttps?:\/\/[^\s<>"'`{}|\\^]+/giu;

/** Punctuation that ends a sentence rather than the link it follows. */
const TRAILING = /[.,;:!?)\]}>»”’]+$/u;

/**
 * The links of a message's text that get a preview: the first `MAX_LINK_PREVIEWS` distinct http
 * and https links, in their order, each as the URL parser reads it (an international host name in
 * its `xn--` form). A link's position in this list is its preview's `index`.
 */
export function linksOf(text: string | null): string[] {
  if (!text) return [];
  const links: string[] = [];
  for (const [written] of text.matchAll(LINK)) {
    const href = readLink(trimTrailing(written));
    if (href && !links.includes(href)) links.push(href);
    if (links.length === MAX_LINK_PREVIEWS) break;
  }
  return links;
}

/**
 * Sentence punctuation after a link is not part of it, except a closing parenthesis that closes
 * one opened inside the link (`https://en.wikipedia.org/wiki/Go_(game)`).
 */
function trimTrailing(written: string): string {
  let link = written.replace(TRAILING, '');
  const rest = written.slice(link.length);
  if (rest.startsWith(')') && count(link, '(') > count(link, ')')) link += ')';
  return link;
}

const count = (text: string, char: string) => text.split(char).length - 1;

function readLink(link: string): string | null {
  if (link.length > MAX_LINK_LENGTH) return null;
  try {
    const url = new URL(link);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname) return null;
    // The fragment never reaches the server: one page, one preview.
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}
