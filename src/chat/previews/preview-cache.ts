import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { LinkPreviewView } from '@app/contracts';
import { KeyValueStore } from '@app/kv';

/** What a page gave: its preview without the index and link of a particular message. */
export type FoundPreview = Omit<LinkPreviewView, 'index' | 'url'>;

/** A page looked at lately: what it gave, or why it gave nothing. */
export type CachedPreview = { found: FoundPreview } | { missing: string };

/** A page's preview is reused this long; a page that gave none is asked again sooner. */
export const PREVIEW_CACHE_MS = { found: 60 * 60 * 1000, missing: 10 * 60 * 1000 };

/**
 * Previews per link in the key-value store (so every instance shares them), so that a link sent
 * again, in any chat, costs no request. The picture is stored media, shared by the messages that
 * show it.
 */
@Injectable()
export class PreviewCache {
  private readonly logger = new Logger('LinkPreviews');

  constructor(private readonly kv: KeyValueStore) {}

  async get(url: string): Promise<CachedPreview | null> {
    try {
      const raw = await this.kv.get(keyOf(url));
      return raw === null ? null : (JSON.parse(raw) as CachedPreview);
    } catch (error) {
      // A store that does not answer costs a request, nothing more.
      this.logger.warn({ err: error }, 'Could not read the link preview cache');
      return null;
    }
  }

  async set(url: string, entry: CachedPreview): Promise<void> {
    const ttl = 'found' in entry ? PREVIEW_CACHE_MS.found : PREVIEW_CACHE_MS.missing;
    try {
      await this.kv.set(keyOf(url), JSON.stringify(entry), ttl);
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not write the link preview cache');
    }
  }
}

/** Links can be long; the key is their hash. */
const keyOf = (url: string) =>
  `link-preview:${createHash('sha256').update(url).digest('base64url')}`;
