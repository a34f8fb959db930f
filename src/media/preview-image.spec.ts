import sharp from 'sharp';
import { crc32 } from 'node:zlib';
import { TooManyPixelsError, UnreadableImageError } from './image-processor';
import { PREVIEW_WIDTH, shrinkForPreview } from './preview-image';

/** A real PNG whose header claims `width`×`height` (its CRC fixed): what a decompression bomb says. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = await sharp({
    create: { width: 8, height: 8, channels: 3, background: '#fff' },
  })
    .png()
    .toBuffer();
  const ihdr = png.subarray(12, 29); // type and data of the first chunk, IHDR
  ihdr.writeUInt32BE(width, 4);
  ihdr.writeUInt32BE(height, 8);
  png.writeUInt32BE(crc32(ihdr), 29);
  return png;
}

describe('shrinkForPreview', () => {
  it('stores a large picture at most 600 px wide, as WebP, without its metadata', async () => {
    const jpeg = await sharp({
      create: { width: 1600, height: 900, channels: 3, background: '#3a6' },
    })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Copyright: 'someone', Artist: 'camera owner' } } })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const image = await shrinkForPreview(jpeg);
    expect(image).toMatchObject({ mimeType: 'image/webp', width: PREVIEW_WIDTH, height: 338 });
    const stored = await sharp(image.bytes).metadata();
    expect(stored).toMatchObject({ format: 'webp', width: PREVIEW_WIDTH });
    expect(stored.exif).toBeUndefined();
    expect(stored.icc).toBeUndefined();
    expect((await sharp(await image.thumbnail()).metadata()).width).toBe(320);
  });

  it('leaves a small picture its size', async () => {
    const png = await sharp({ create: { width: 40, height: 20, channels: 4, background: '#000' } })
      .png()
      .toBuffer();
    expect(await shrinkForPreview(png)).toMatchObject({ width: 40, height: 20 });
  });

  it('refuses too many pixels before decoding them, and what is not an image', async () => {
    const bomb = await pngClaiming(30_000, 30_000);
    expect(bomb.length).toBeLessThan(200);
    const started = Date.now();
    await expect(shrinkForPreview(bomb)).rejects.toBeInstanceOf(TooManyPixelsError);
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(shrinkForPreview(Buffer.from('<svg></svg>'))).rejects.toBeInstanceOf(
      UnreadableImageError,
    );
  });
});
