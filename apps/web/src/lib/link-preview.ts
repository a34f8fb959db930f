import type { ChatMessage, LinkPreviewView, MediaView } from '@app/contracts';
import { safeHref } from './rich-text';

/** How a preview's picture is laid out: across the card's top, or small beside its text. */
export type PreviewImageLayout = 'banner' | 'side';

/** Narrower than this, or taller than wide, a picture is a small square beside the text. */
const BANNER_MIN_WIDTH = 200;

/** The previews a message shows, in the order of its links; none on a deleted message. */
export function previewsOf(message: ChatMessage): LinkPreviewView[] {
  if (message.deletedAt || message.kind === 'system') return [];
  return [...(message.previews ?? [])].sort((a, b) => a.index - b.index);
}

/**
 * The address a preview's picture is loaded from, or null: only our own copy, served by this
 * origin, is ever shown (a path such as `/api/v1/media/…/thumbnail`, or a full URL of this
 * origin). Anything else could be the linked site, which must not learn who reads the chat.
 */
export function previewImageSrc(image: MediaView | null, origin: string): string | null {
  if (!image) return null;
  try {
    const url = new URL(image.thumbnailUrl, origin);
    return url.origin === new URL(origin).origin ? url.href : null;
  } catch {
    return null;
  }
}

/** A wide picture goes across the top of the card; a small, square or tall one beside the text. */
export function previewImageLayout(image: MediaView): PreviewImageLayout {
  return image.width >= BANNER_MIN_WIDTH && image.width >= image.height ? 'banner' : 'side';
}

/** The preview's link target, http(s) only; null for anything else (never shown as a link). */
export const previewHref = (preview: LinkPreviewView): string | null => safeHref(preview.url);

/**
 * What the preview's link reads: its title, else the address without its scheme
 * ("trails.example/ridge-loop"), so a page without a title still has a named link.
 */
export function previewLinkText(preview: LinkPreviewView): string {
  const title = preview.title?.trim();
  if (title) return title;
  try {
    const url = new URL(preview.url);
    const path = url.pathname === '/' ? '' : url.pathname;
    return `${url.host}${path}${url.search}`;
  } catch {
    return preview.url;
  }
}

/** The site's name, else the host it is on ("trails.example"), else nothing. */
export function previewSiteName(preview: LinkPreviewView): string | null {
  const name = preview.siteName?.trim();
  if (name) return name;
  try {
    return new URL(preview.url).hostname || null;
  } catch {
    return null;
  }
}
