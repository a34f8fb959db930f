import { Injectable } from '@nestjs/common';
import sharp, { type Metadata, type Sharp } from 'sharp';
import type { ImageMimeType } from '@app/contracts';

/** Larger images are refused before decoding: a small file can expand into gigabytes of pixels. */
export const MAX_IMAGE_PIXELS = 50_000_000;
export const THUMBNAIL_SIZE = 320;

export interface ProcessedImage {
  /** What gets stored: the upload's pixels alone, without metadata or hidden data (see `process`). */
  bytes: Buffer;
  mimeType: ImageMimeType;
  width: number;
  height: number;
  /** A WebP of at most 320×320 (first frame of an animation), made when a storage needs one. */
  thumbnail(): Promise<Buffer>;
}

export class UnreadableImageError extends Error {}
export class TooManyPixelsError extends Error {}

type Encode = (image: Sharp, original: Buffer, meta: Metadata) => Sharp;
const ENCODE: Record<Exclude<ImageMimeType, 'image/gif'>, Encode> = {
  'image/jpeg': (image) => image.jpeg({ quality: 90 }),
  'image/png': (image, _original, meta) => image.toColourspace(pngColourspace(meta)).png(),
  // A lossy encode of a lossless WebP (drawings, screenshots) would blur what the sender chose.
  'image/webp': (image, original) =>
    image.webp(isLosslessWebp(original) ? { lossless: true } : { quality: 90 }),
};

// Decoded images are not reused, and the cache would only hold memory between uploads.
sharp.cache(false);

/** Reads an uploaded image's dimensions, removes its metadata and makes thumbnails, with sharp. */
@Injectable()
export class ImageProcessor {
  /**
   * Only pixels are kept. Anything else can hide a camera, a GPS position or a whole second file
   * (PNG+HTML, PNG+ZIP polyglots): text and private PNG chunks, JPEG APP segments, extra RIFF
   * chunks, bytes after the image end. sharp's metadata does not even report most of these, so
   * JPEG, PNG and WebP are always re-encoded (PNG and lossless WebP losslessly), with the EXIF
   * orientation applied to the pixels so nothing appears rotated; uploads are rate-limited, which
   * bounds the CPU this costs. GIFs are rebuilt from their own blocks instead: re-encoding would
   * requantise their palettes, and their blocks are simple to walk.
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
      mimeType === 'image/gif'
        ? stripGif(bytes)
        : await ENCODE[mimeType](open(bytes).rotate(), bytes, meta).toBuffer();
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

/**
 * PNG output is lossless, but sharp writes 8-bit sRGB unless told otherwise: 16-bit samples
 * would lose their low byte, and greyscale would triple in size.
 */
function pngColourspace({ channels = 3, depth }: Metadata): string {
  const grey = channels <= 2;
  if (depth === 'ushort') return grey ? 'grey16' : 'rgb16';
  return grey ? 'b-w' : 'srgb';
}

/** Whether the WebP's (first) frame is VP8L, the lossless format, rather than lossy VP8. */
function isLosslessWebp(bytes: Buffer, start = 12, end = bytes.length): boolean {
  for (let at = start; at + 8 <= end;) {
    const type = bytes.toString('latin1', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (type === 'VP8L') return true;
    if (type === 'VP8 ') return false;
    // An animation frame: 16 bytes of position, size and timing, then the frame's own chunks.
    if (type === 'ANMF') return isLosslessWebp(bytes, at + 24, Math.min(end, at + 8 + size));
    at += 8 + size + (size % 2);
  }
  return false;
}

const GIF_EXTENSION = 0x21;
const GIF_IMAGE = 0x2c;
const GIF_TRAILER = 0x3b;
const GIF_GRAPHIC_CONTROL = 0xf9;
const GIF_PLAIN_TEXT = 0x01;
const GIF_APPLICATION = 0xff;

/**
 * The GIF rebuilt from its own blocks: header, screen descriptor, colour tables and frames kept
 * byte for byte; graphic controls (delay, disposal, transparency) and the NETSCAPE2.0 loop count
 * written anew from the fields a decoder reads, so no extra sub-block survives in them. Comments,
 * other application data (XMP, ICC), plain-text blocks and anything after the trailer are left
 * out. sharp has decoded the file already, so a structure that does not add up is refused rather
 * than guessed at. What stays free-form is the compressed pixel data itself.
 */
function stripGif(bytes: Buffer): Buffer {
  const unreadable = () => new UnreadableImageError('The file is not a readable image');
  const tableSize = (packed: number) => (packed & 0x80 ? 3 << ((packed & 0x07) + 1) : 0);
  /** The sub-blocks from `at` to their zero-length terminator, and where the next block starts. */
  const subBlocks = (at: number): { blocks: Buffer[]; end: number } => {
    const blocks: Buffer[] = [];
    for (;;) {
      if (at >= bytes.length) throw unreadable();
      const size = bytes[at];
      if (size === 0) return { blocks, end: at + 1 };
      if (at + 1 + size > bytes.length) throw unreadable();
      blocks.push(bytes.subarray(at + 1, at + 1 + size));
      at += 1 + size;
    }
  };

  let at = 13 + tableSize(bytes[10]);
  if (at > bytes.length) throw unreadable();
  const kept: Buffer[] = [bytes.subarray(0, at)];
  // A graphic control belongs to the next frame; held until it comes, and dropped with a
  // plain-text block it would otherwise have applied to.
  let control: Buffer | null = null;
  // A file that ends without a trailer is decoded all the same; it gets one here.
  while (at < bytes.length && bytes[at] !== GIF_TRAILER) {
    if (bytes[at] === GIF_IMAGE) {
      const dataStart = at + 10 + tableSize(bytes[at + 9]) + 1; // + LZW minimum code size
      if (dataStart > bytes.length) throw unreadable();
      const { end } = subBlocks(dataStart);
      if (control) kept.push(control);
      kept.push(bytes.subarray(at, end));
      control = null;
      at = end;
      continue;
    }
    if (bytes[at] !== GIF_EXTENSION) throw unreadable();
    const label = bytes[at + 1];
    const { blocks, end } = subBlocks(at + 2);
    const [first, second] = blocks;
    if (label === GIF_GRAPHIC_CONTROL && first?.length === 4) {
      control = Buffer.from([GIF_EXTENSION, GIF_GRAPHIC_CONTROL, 4, ...first, 0]);
    } else if (label === GIF_PLAIN_TEXT) {
      control = null;
    } else if (
      label === GIF_APPLICATION &&
      first?.toString('latin1') === 'NETSCAPE2.0' &&
      second?.length === 3 &&
      second[0] === 1
    ) {
      kept.push(Buffer.from([GIF_EXTENSION, GIF_APPLICATION, 11, ...first, 3, ...second, 0]));
    }
    at = end;
  }
  kept.push(Buffer.from([GIF_TRAILER]));
  return Buffer.concat(kept);
}
