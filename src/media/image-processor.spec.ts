import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { ImageMimeType } from '@app/contracts';
import { ImageProcessor } from './image-processor';

const HTML = Buffer.from('<html><script>alert(1)</script></html>');
// A ZIP local-file header and name, as a PNG+ZIP polyglot ends.
const ZIP = Buffer.concat([
  Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1'),
  Buffer.from('x.js'),
]);

/** A gradient, so that a lossy re-encode would change pixels a lossless one keeps. */
function pixels(width: number, height: number, shift = 0): sharp.Sharp {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i += 3) {
    const x = (i / 3) % width;
    const y = Math.floor(i / 3 / width);
    raw[i] = (x * 255) / width;
    raw[i + 1] = (y * 255) / height;
    raw[i + 2] = (shift * 97) % 256;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } });
}

// zlib.crc32 is missing from older Node 20 releases, so PNG chunk CRCs are computed here.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A 16-bit RGBA PNG, which sharp cannot write without converting 8-bit pixels. */
function png16(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 16; // bits per sample
  header[9] = 6; // RGBA
  const rows = Array.from({ length: height }, (_, y) => {
    const row = Buffer.alloc(1 + width * 8); // filter type 0, then 4 samples of 2 bytes
    for (let i = 0; i < width * 4; i++)
      row.writeUInt16BE((y * 7919 + i * 104729) % 65536, 1 + i * 2);
    return row;
  });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function riffChunk(type: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.write(type, 0, 'latin1');
  header.writeUInt32LE(data.length, 4);
  return Buffer.concat([header, data, Buffer.alloc(data.length % 2)]);
}

/** A GIF extension block: introducer, label, then the data in sub-blocks of at most 255 bytes. */
function gifExtension(label: number, data: Buffer, first?: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0x21, label])];
  if (first) parts.push(Buffer.from([first.length]), first);
  for (let i = 0; i < data.length; i += 255) {
    const piece = data.subarray(i, i + 255);
    parts.push(Buffer.from([piece.length]), piece);
  }
  return Buffer.concat([...parts, Buffer.from([0])]);
}

/** Every pixel of every frame; 16-bit samples are read as such, not rounded to 8 bits. */
async function decoded(bytes: Buffer) {
  const image = sharp(bytes, { animated: true });
  const { depth } = await image.metadata();
  const { data, info } = await (depth === 'ushort' ? image.toColourspace('rgb16') : image)
    .raw({ depth })
    .toBuffer({ resolveWithObject: true });
  return { data, depth, width: info.width, height: info.height };
}

describe('ImageProcessor: what is stored carries no hidden data', () => {
  const processor = new ImageProcessor();

  it.each([
    ['image/png', 'HTML', HTML],
    ['image/png', 'a ZIP archive', ZIP],
    ['image/jpeg', 'HTML', HTML],
    ['image/webp', 'HTML', HTML],
    ['image/gif', 'HTML', HTML],
  ] as const)(
    'drops %s with %s appended after the image end, keeping the dimensions',
    async (mimeType: ImageMimeType, _what, payload) => {
      const format = mimeType.slice('image/'.length) as keyof sharp.FormatEnum;
      const image = await pixels(120, 90).toFormat(format).toBuffer();
      const processed = await processor.process(Buffer.concat([image, payload]), mimeType);
      expect(processed.bytes.includes(payload)).toBe(false);
      expect([processed.width, processed.height]).toEqual([120, 90]);
      const meta = await sharp(processed.bytes).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual([format, 120, 90]);
    },
  );

  it.each([
    ['an 8-bit RGB', () => pixels(64, 48).png().toBuffer()],
    ['a 16-bit RGBA', () => Promise.resolve(png16(64, 48))],
  ])(
    'removes tEXt, iTXt, zTXt and private chunks from %s PNG, keeping every pixel',
    async (_kind, make) => {
      const png = await make();
      const ihdrEnd = 8 + 25; // signature, then IHDR (length, type, 13 bytes of data, CRC)
      const iendStart = png.length - 12;
      // Text after the image data is not even reported by sharp's metadata: nothing looks amiss.
      const text = pngChunk(
        'tEXt',
        Buffer.from('Comment\0<script>alert("tEXt")</script>', 'latin1'),
      );
      const itxt = pngChunk(
        'iTXt',
        Buffer.from('Description\0\0\0en\0\0<script>alert("iTXt")</script>', 'utf8'),
      );
      const ztxt = pngChunk(
        'zTXt',
        Buffer.concat([Buffer.from('Secret\0\0', 'latin1'), deflateSync('hidden zTXt payload')]),
      );
      // A lower-case first letter marks a chunk a decoder may skip: anything can travel in it.
      const own = pngChunk('htMl', HTML);
      const tampered = Buffer.concat([
        png.subarray(0, ihdrEnd),
        own,
        png.subarray(ihdrEnd, iendStart),
        text,
        itxt,
        ztxt,
        png.subarray(iendStart),
      ]);

      const processed = await processor.process(tampered, 'image/png');
      for (const needle of ['tEXt', 'iTXt', 'zTXt', 'htMl', 'alert', 'Secret', 'Comment']) {
        expect(processed.bytes.includes(needle)).toBe(false);
      }
      expect([processed.width, processed.height]).toEqual([64, 48]);
      expect(await decoded(processed.bytes)).toEqual(await decoded(png));
    },
  );

  it('removes extra RIFF chunks from a WebP and keeps a lossless one lossless', async () => {
    const webp = await pixels(64, 48).webp({ lossless: true }).toBuffer();
    expect(webp.subarray(12, 16).toString('latin1')).toBe('VP8L');
    // Extended format (VP8X) admits chunks a decoder does not know; they are skipped when shown.
    const vp8x = Buffer.alloc(10);
    vp8x.writeUIntLE(64 - 1, 4, 3);
    vp8x.writeUIntLE(48 - 1, 7, 3);
    const body = Buffer.concat([
      Buffer.from('WEBP', 'latin1'),
      riffChunk('VP8X', vp8x),
      webp.subarray(12),
      riffChunk('HTML', HTML),
    ]);
    const riff = Buffer.alloc(8);
    riff.write('RIFF', 0, 'latin1');
    riff.writeUInt32LE(body.length, 4);
    const tampered = Buffer.concat([riff, body, ZIP]);
    expect((await sharp(tampered).metadata()).width).toBe(64);

    const processed = await processor.process(tampered, 'image/webp');
    expect(processed.bytes.includes(HTML)).toBe(false);
    expect(processed.bytes.includes(ZIP)).toBe(false);
    expect(processed.bytes.includes('VP8L')).toBe(true);
    expect(await decoded(processed.bytes)).toEqual(await decoded(webp));
  });

  it('removes GIF comments and application extensions but keeps the animation and its loop', async () => {
    const frames = await Promise.all([0, 1, 2].map((n) => pixels(40, 30, n).png().toBuffer()));
    const gif = await sharp(frames, { join: { animated: true } })
      .gif({ loop: 3, delay: [100, 200, 300] })
      .toBuffer();
    const tableSize = gif[10] & 0x80 ? 3 << ((gif[10] & 0x07) + 1) : 0;
    const afterTable = 13 + tableSize;
    const comment = gifExtension(0xfe, Buffer.from('<script>alert("comment")</script>'));
    const xmp = gifExtension(
      0xff,
      Buffer.from('<x:xmpmeta>secret</x:xmpmeta>'),
      Buffer.from('XMP DataXMP'),
    );
    // A graphic control has one 4-byte sub-block; decoders skip any more that follow it.
    const control = gif.indexOf(Buffer.from([0x21, 0xf9, 4]), afterTable);
    const stuffed = Buffer.concat([Buffer.from([15]), Buffer.from('stuffed control')]);
    const tampered = Buffer.concat([
      gif.subarray(0, afterTable),
      comment,
      xmp,
      gif.subarray(afterTable, control + 7),
      stuffed,
      gif.subarray(control + 7, gif.length - 1),
      comment, // after the last frame, before the trailer
      gif.subarray(gif.length - 1),
    ]);

    const processed = await processor.process(tampered, 'image/gif');
    expect((await sharp(tampered, { animated: true }).metadata()).pages).toBe(3);
    for (const needle of ['alert', 'xmpmeta', 'XMP DataXMP', 'stuffed']) {
      expect(processed.bytes.includes(needle)).toBe(false);
    }
    expect(processed.bytes.includes('NETSCAPE2.0')).toBe(true);
    expect(processed.bytes[processed.bytes.length - 1]).toBe(0x3b);
    expect([processed.width, processed.height]).toEqual([40, 30]);
    const meta = await sharp(processed.bytes, { animated: true }).metadata();
    expect({ pages: meta.pages, loop: meta.loop, delay: meta.delay }).toEqual({
      pages: 3,
      loop: 3,
      delay: [100, 200, 300],
    });
    expect(await decoded(processed.bytes)).toEqual(await decoded(gif));
  });

  it('keeps an animated WebP animated, without what follows it', async () => {
    const frames = await Promise.all([0, 1, 2].map((n) => pixels(40, 30, n).png().toBuffer()));
    const webp = await sharp(frames, { join: { animated: true } })
      .webp({ loop: 2, delay: [100, 200, 300] })
      .toBuffer();
    const processed = await processor.process(Buffer.concat([webp, ZIP]), 'image/webp');
    expect(processed.bytes.includes(ZIP)).toBe(false);
    expect([processed.width, processed.height]).toEqual([40, 30]);
    const meta = await sharp(processed.bytes, { animated: true }).metadata();
    expect([meta.pages, meta.loop, meta.delay, meta.pageHeight]).toEqual([
      3,
      2,
      [100, 200, 300],
      30,
    ]);
  });
});
