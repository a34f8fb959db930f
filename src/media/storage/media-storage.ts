import type { Readable } from 'node:stream';
import type { ByteRange } from '../files/byte-range';
import type { ProcessedImage } from '../image-processor';

/** Where a stored image can be found again. */
export interface StoredObject {
  /** The adapter's own handle: a file path under the media folder, or Cloudinary's public id. */
  storageKey: string;
  url: string;
  thumbnailUrl: string;
}

export type MediaVariant = 'original' | 'thumbnail';

/** How to answer `GET /media/:id` once access is granted. */
export type MediaLocation = { kind: 'file'; path: string } | { kind: 'redirect'; url: string };

/** A file that streamed in and waits under the incoming folder to be stored. */
export interface IncomingFile {
  path: string;
  size: number;
  /** Detected from its bytes. */
  mimeType: string;
}

/** A storage failure the client may retry (the provider is down or refused). */
export class MediaStorageUnavailableError extends Error {}

/** Storage port of the media domain and its injection token; chosen by configuration. */
export abstract class MediaStorage {
  abstract save(id: string, image: ProcessedImage): Promise<StoredObject>;

  /** Stores a file as it is (no thumbnail); the incoming copy is moved or deleted either way. */
  abstract saveFile(id: string, file: IncomingFile): Promise<StoredObject>;

  /**
   * The stored file's bytes, or the asked range of them; rejects when the file is missing (local)
   * or the provider cannot be reached, before anything is sent.
   */
  abstract openFile(stored: StoredObject, range: ByteRange | null): Promise<Readable>;

  /** Removes the image and its thumbnail; removing what is already gone is not an error. */
  abstract remove(storageKey: string): Promise<void>;

  abstract locate(stored: StoredObject, variant: MediaVariant): MediaLocation;
}
