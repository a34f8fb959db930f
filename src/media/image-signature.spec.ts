import { detectImageType } from './image-signature';

describe('detectImageType', () => {
  it.each([
    ['JPEG', [0xff, 0xd8, 0xff, 0xe0, 0x00], 'image/jpeg'],
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00], 'image/png'],
    ['GIF87a', [...Buffer.from('GIF87a'), 0x01], 'image/gif'],
    ['GIF89a', [...Buffer.from('GIF89a'), 0x01], 'image/gif'],
    ['WebP', [...Buffer.from('RIFF'), 0x10, 0, 0, 0, ...Buffer.from('WEBPVP8 ')], 'image/webp'],
  ])('recognises %s by its magic number', (_name, bytes, type) => {
    expect(detectImageType(Buffer.from(bytes))).toBe(type);
  });

  it.each([
    ['text', Buffer.from('just some text, named cat.png')],
    ['empty', Buffer.alloc(0)],
    ['a truncated PNG signature', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
    ['a RIFF file that is not WebP (WAV)', Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1')],
    ['SVG, which can carry scripts', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
  ])('refuses %s', (_name, bytes) => {
    expect(detectImageType(bytes)).toBeNull();
  });
});
