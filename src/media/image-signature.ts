import type { ImageMimeType } from '@app/contracts';

const ascii = (text: string) => Buffer.from(text, 'latin1');

const startsWith = (bytes: Buffer, prefix: Buffer, offset = 0) =>
  bytes.length >= offset + prefix.length &&
  bytes.subarray(offset, offset + prefix.length).equals(prefix);

const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The image type the bytes themselves announce (their magic number), or null. File names and the
 * declared content type are never consulted: both are whatever the client says.
 */
export function detectImageType(bytes: Buffer): ImageMimeType | null {
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

export const EXTENSIONS: Record<ImageMimeType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
};
