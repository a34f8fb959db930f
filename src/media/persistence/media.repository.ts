import type { ImageMimeType, MediaUsage } from '@app/contracts';

/**
 * What a stored image is for: an upload's one use (a message's picture, an avatar), or the
 * picture of a link preview, which the server fetched and stored itself.
 */
export type MediaUse = MediaUsage | 'preview';

export interface MediaRecord {
  id: string;
  ownerId: string;
  mimeType: ImageMimeType;
  size: number;
  width: number;
  height: number;
  storageKey: string;
  url: string;
  thumbnailUrl: string;
  usage: MediaUse | null;
  createdAt: Date;
  attachedAt: Date | null;
}

export type NewMedia = Omit<MediaRecord, 'usage' | 'createdAt' | 'attachedAt'>;

/** Uploaded images. Every adapter passes `test/contracts/media/media.repository.contract.ts`. */
export abstract class MediaRepository {
  abstract create(media: NewMedia): Promise<MediaRecord>;

  abstract findById(id: string): Promise<MediaRecord | null>;

  /**
   * Gives an unused upload of `ownerId` its usage, atomically: of two concurrent attaches one wins.
   * null when there is no such unused upload of theirs.
   */
  abstract attach(id: string, ownerId: string, usage: MediaUse): Promise<MediaRecord | null>;

  /** Deletes an unused upload of `ownerId` and returns it; null when there is none. */
  abstract deleteUnused(id: string, ownerId: string): Promise<MediaRecord | null>;

  /** Deletes an upload in this use and returns it; null when there is none. */
  abstract deleteUsed(id: string, usage: MediaUse): Promise<MediaRecord | null>;

  /**
   * Deletes up to `limit` uploads that were never used and are older than `createdBefore`, oldest
   * first, and returns them. Concurrent callers (one per instance) never take the same upload.
   */
  abstract deleteAbandoned(createdBefore: Date, limit: number): Promise<MediaRecord[]>;
}
