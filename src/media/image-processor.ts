import { Injectable } from '@nestjs/common';
import sharp, { type Metadata, type Sharp } from 'sharp';
import type { ImageMimeType } from '@app/contracts';

/** Larger images are refused before decoding: a small file can expand into gigabytes of pixels. */
export const MAX_IMAGE_PIXELS = 50_000_000;
export const THUMBNAIL_SIZE = 320;

export interface ProcessedImage {
  /** What gets stored: the upload without EXIF, XMP, IPTC or text metadata (see `process`). */
  bytes: Buffer;
  mimeType: ImageMimeType;
  width: number;
  height: number;
  /** A WebP of at most 320×320 (first frame of an animation), made when a storage needs one. */
  thumbnail(): Promise<Buffer>;
}

export class UnreadableImageError extends Error {}
export class TooManyPixelsError extends Error {}

const ENCODE: Record<Exclude<ImageMimeType, 'image/gif'>, (image: Sharp) => Sharp> = {
  'image/jpeg': (image) => image.jpeg({ quality: 90 }),
  'image/png': (image) => image.png(),
  'image/webp': (image) => image.webp({ quality: 90 }),
};

// Decoded images are not reused, and the cache would only hold memory between uploads.
sharp.cache(false);

/** Reads an uploaded image's dimensions, removes its metadata and makes thumbnails, with sharp. */
@Injectable()
export class ImageProcessor {
  /**
   * JPEG, PNG and WebP that carry metadata (camera, GPS position, editing history) are re-encoded
   * without it, with the EXIF orientation applied to the pixels so nothing appears rotated. GIFs
   * are kept byte for byte: they have no EXIF, and re-encoding would degrade their palette.
   */
  async process(bytes: Buffer, mimeType: ImageMimeType): Promise<ProcessedImage> {
    const meta = await readMetadata(bytes);
    const pages = meta.pages ?? 1;
    const frameHeight = meta.pageHeight ?? meta.height;
    if (meta.width * frameHeight * pages > MAX_IMAGE_PIXELS) {
      throw new TooManyPixelsError(
        `The image has too many pixels: at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels in all frames`,
      );
    }
    const stored =
      mimeType !== 'image/gif' && carriesMetadata(meta)
        ? await ENCODE[mimeType](open(bytes).rotate()).toBuffer()
        : bytes;
    const turned = mimeType !== 'image/gif' && (meta.orientation ?? 1) >= 5;
    return {
      bytes: stored,
      mimeType,
      width: turned ? frameHeight : meta.width,
      height: turned ? meta.width : frameHeight,
      thumbnail: () =>
        sharp(stored, { limitInputPixels: MAX_IMAGE_PIXELS })
          .rotate()
          .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 75 })
          .toBuffer(),
    };
  }
}

const open = (bytes: Buffer) =>
  sharp(bytes, { animated: true, limitInputPixels: MAX_IMAGE_PIXELS });

async function readMetadata(bytes: Buffer): Promise<Metadata & { width: number; height: number }> {
  try {
    const meta = await open(bytes).metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions');
    // Decoding every pixel proves the file intact (the header alone can be followed by garbage);
    // scaled down on the way so a large photo does not cost its full size in memory.
    await open(bytes).resize(16, 16, { fit: 'inside' }).raw().toBuffer();
    return { ...meta, width: meta.width, height: meta.height };
  } catch (error) {
    if (error instanceof TooManyPixelsError) throw error;
    if (String(error).includes('pixel limit')) {
      throw new TooManyPixelsError(
        `The image has too many pixels: at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels`,
      );
    }
    throw new UnreadableImageError('The file is not a readable image');
  }
}

function carriesMetadata(meta: Metadata): boolean {
  return Boolean(meta.exif ?? meta.xmp ?? meta.iptc ?? meta.comments?.length);
}
