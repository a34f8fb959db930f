import { Injectable } from '@nestjs/common';
import { LinkPreviewImages, type StorePreviewImageResult } from '@app/contracts';
import { newId } from '@app/database';
import { detectImageType } from './image-signature';
import { TooManyPixelsError, type ProcessedImage } from './image-processor';
import { toMediaView } from './media.mapper';
import { MediaRepository, NOT_A_FILE } from './persistence/media.repository';
import { shrinkForPreview } from './preview-image';
import { MediaStorage } from './storage/media-storage';

/**
 * The in-process `LinkPreviewImages`: a linked page's picture decoded, shrunk and re-encoded here
 * (`shrinkForPreview`), then stored like an upload, in use as `preview` from the start so that
 * nobody can attach it elsewhere and the sweeper of abandoned uploads leaves it alone.
 */
@Injectable()
export class PreviewImageStore extends LinkPreviewImages {
  constructor(
    private readonly repository: MediaRepository,
    private readonly storage: MediaStorage,
  ) {
    super();
  }

  async store(bytes: Buffer, ownerId: string): Promise<StorePreviewImageResult> {
    // Raster formats by their content only: an SVG could reach out to other addresses.
    if (!detectImageType(bytes)) return { ok: false, reason: 'not_an_image' };
    let image: ProcessedImage;
    try {
      image = await shrinkForPreview(bytes);
    } catch (error) {
      return {
        ok: false,
        reason: error instanceof TooManyPixelsError ? 'too_many_pixels' : 'unreadable',
      };
    }
    const id = newId();
    const stored = await this.storage.save(id, image);
    try {
      await this.repository.create({
        ...NOT_A_FILE,
        id,
        ownerId,
        mimeType: image.mimeType,
        size: image.bytes.length,
        width: image.width,
        height: image.height,
        ...stored,
      });
      const record = await this.repository.attach(id, ownerId, 'preview');
      if (!record) throw new Error(`Preview image ${id} vanished before it was put to use`);
      return { ok: true, image: toMediaView(record) };
    } catch (error) {
      await this.storage.remove(stored.storageKey).catch(() => undefined);
      throw error;
    }
  }
}
