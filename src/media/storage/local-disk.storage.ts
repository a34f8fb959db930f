import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { ByteRange } from '../files/byte-range';
import { dirname, join } from 'node:path';
import { EXTENSIONS } from '../image-signature';
import type { ProcessedImage } from '../image-processor';
import {
  MediaStorage,
  type IncomingFile,
  type MediaLocation,
  type MediaVariant,
  type StoredObject,
} from './media-storage';

/**
 * Files under DATA_DIR/media, served by `GET /media/:id` after the access check. File names are
 * generated ids, never the client's; images are spread over 256 folders by the id's last byte.
 */
export class LocalDiskStorage extends MediaStorage {
  constructor(private readonly root: string) {
    super();
  }

  async save(id: string, image: ProcessedImage): Promise<StoredObject> {
    const storageKey = join(id.slice(-2), `${id}.${EXTENSIONS[image.mimeType]}`);
    await writeAtomically(this.pathOf(storageKey), image.bytes);
    await writeAtomically(this.thumbnailPathOf(storageKey), await image.thumbnail());
    return {
      storageKey,
      url: `/api/v1/media/${id}`,
      thumbnailUrl: `/api/v1/media/${id}/thumbnail`,
    };
  }

  async saveFile(id: string, file: IncomingFile): Promise<StoredObject> {
    // Never the uploader's name or extension: a generated name, served only through the route.
    const storageKey = join(id.slice(-2), `${id}.file`);
    const path = this.pathOf(storageKey);
    await mkdir(dirname(path), { recursive: true });
    await moveFile(file.path, path);
    return { storageKey, url: `/api/v1/media/${id}`, thumbnailUrl: '' };
  }

  async openFile(stored: StoredObject, range: ByteRange | null): Promise<Readable> {
    // Opened first, so a missing file is an error before any header is sent.
    const handle = await open(this.pathOf(stored.storageKey), 'r');
    return handle.createReadStream(range ?? {});
  }

  async remove(storageKey: string): Promise<void> {
    await rm(this.pathOf(storageKey), { force: true });
    await rm(this.thumbnailPathOf(storageKey), { force: true });
  }

  locate(stored: StoredObject, variant: MediaVariant): MediaLocation {
    const path =
      variant === 'thumbnail'
        ? this.thumbnailPathOf(stored.storageKey)
        : this.pathOf(stored.storageKey);
    return { kind: 'file', path };
  }

  private pathOf(storageKey: string): string {
    return join(this.root, storageKey);
  }

  private thumbnailPathOf(storageKey: string): string {
    return `${this.pathOf(storageKey)}.thumb.webp`;
  }
}

/** Readers never see half a file: write beside it, then rename over. */
async function writeAtomically(path: string, bytes: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${randomBytes(6).toString('hex')}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, path);
}

/** Renames the incoming file into place; across file systems, copies it and deletes the original. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}
