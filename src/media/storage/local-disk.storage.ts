import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EXTENSIONS } from '../image-signature';
import type { ProcessedImage } from '../image-processor';
import {
  MediaStorage,
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
