import type { MediaView } from '../media/media-views';

/** Why a linked page's picture was not stored. */
export type PreviewImageRefusal = 'not_an_image' | 'too_many_pixels' | 'unreadable';

export type StorePreviewImageResult =
  { ok: true; image: MediaView } | { ok: false; reason: PreviewImageRefusal };

/**
 * How chat stores the picture of a linked page without importing the media module. Media always
 * runs in the app that hosts chat (the single process, or chat-service), so this port is always
 * bound in process.
 */
export abstract class LinkPreviewImages {
  /**
   * Decodes `bytes` (JPEG, PNG, GIF or WebP, judged by their content; a limited number of
   * pixels, so a small file cannot expand into gigabytes), re-encodes them small and without
   * metadata, and stores the result as media used by a preview, owned by `ownerId`. Like a
   * message's picture, it is served only to the members of the chats whose messages show it.
   */
  abstract store(bytes: Buffer, ownerId: string): Promise<StorePreviewImageResult>;
}
