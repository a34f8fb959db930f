import sharp from 'sharp';
import { TooManyPixelsError, UnreadableImageError, type ProcessedImage } from './image-processor';

/**
 * Fewer pixels than an upload may have (50 million): a preview's picture comes from a page
 * anyone can write, and is shown small.
 */
export const PREVIEW_MAX_PIXELS = 20_000_000;
/** How wide a preview's picture is stored, at most. */
export const PREVIEW_WIDTH = 600;
const THUMBNAIL_SIZE = 320;

/**
 * A linked page's picture as we store it: decoded (its first frame; refused past
 * `PREVIEW_MAX_PIXELS` before a pixel is decoded), turned upright, at most 600 px wide and
 * re-encoded as WebP. sharp writes no metadata unless asked, so nothing of the original but its
 * pixels survives.
 */
export async function shrinkForPreview(bytes: Buffer): Promise<ProcessedImage> {
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: PREVIEW_MAX_PIXELS })
      .rotate()
      .resize({ width: PREVIEW_WIDTH, withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    return {
      bytes: data,
      mimeType: 'image/webp',
      width: info.width,
      height: info.height,
      thumbnail: () =>
        sharp(data)
          .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 75 })
          .toBuffer(),
    };
  } catch (error) {
    if (String(error).includes('pixel limit')) {
      throw new TooManyPixelsError(`More than ${PREVIEW_MAX_PIXELS} pixels`);
    }
    throw new UnreadableImageError('Not a readable image');
  }
}
