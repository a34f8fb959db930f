import type { MediaUsage } from '@app/contracts';

/**
 * What a stored image is for: an upload's one use (a message's picture, an avatar), or the
 * picture of a link preview, which the server fetched and stored itself.
 */
export type MediaUse = MediaUsage | 'preview';

/** An image (re-encoded by us, with a thumbnail) or any other file (stored as uploaded). */
export type MediaKind = 'image' | 'file';

export interface MediaRecord {
  id: string;
  ownerId: string;
  kind: MediaKind;
  /** An `ImageMimeType` for an image; for a file, whatever its bytes announce. */
  mimeType: string;
  size: number;
  /** 0 for a file. */
  width: number;
  height: number;
  /** A file's display name; null for an image. */
  fileName: string | null;
  /** A file's SHA-256, hex; null for an image. */
  sha256: string | null;
  /** A voice message's length; null otherwise. */
  durationMs: number | null;
  storageKey: string;
  url: string;
  thumbnailUrl: string;
  usage: MediaUse | null;
  createdAt: Date;
  attachedAt: Date | null;
}

export type NewMedia = Omit<MediaRecord, 'usage' | 'createdAt' | 'attachedAt'>;

/** What an image record has of a file's fields: nothing. */
export const NOT_A_FILE = {
  kind: 'image',
  fileName: null,
  sha256: null,
  durationMs: null,
} as const satisfies Partial<NewMedia>;

/** Uploaded images. Every adapter passes `test/contracts/media/media.repository.contract.ts`. */
export abstract class MediaRepository {
  abstract create(media: NewMedia): Promise<MediaRecord>;

  abstract findById(id: string): Promise<MediaRecord | null>;

  /**
   * Gives an unused upload of `ownerId` its usage, atomically: of two concurrent attaches one wins.
   * null when there is no such unused upload of theirs (of `onlyKind`, when given).
   */
  abstract attach(
    id: string,
    ownerId: string,
    usage: MediaUse,
    onlyKind?: MediaKind,
  ): Promise<MediaRecord | null>;

  /** Bytes of everything `ownerId` uploaded and still has (link preview pictures not counted). */
  abstract usedBytes(ownerId: string): Promise<number>;

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
