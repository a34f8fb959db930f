import type { AuthSession, FileView, ImageMimeType, MediaView } from '@app/contracts';
import sharp from 'sharp';
import type { Response as SuperagentResponse } from 'superagent';
import { bearer } from './auth-helpers';
import type { Origin } from './test-app';

const FORMATS: Record<ImageMimeType, 'jpeg' | 'png' | 'gif' | 'webp'> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** A real, decodable image of the given type and size: a gradient, so encoders have work to do. */
export async function sampleImage(
  mimeType: ImageMimeType = 'image/png',
  { width = 64, height = 48 }: { width?: number; height?: number } = {},
): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i += 3) {
    const x = (i / 3) % width;
    const y = Math.floor(i / 3 / width);
    pixels[i] = (x * 255) / width;
    pixels[i + 1] = (y * 255) / height;
    pixels[i + 2] = 128;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .toFormat(FORMATS[mimeType])
    .toBuffer();
}

/** A JPEG a phone would send: EXIF with a camera, a copyright line and "rotate 90° to display". */
export function photoWithMetadata(width = 80, height = 60): Promise<Buffer> {
  return sampleImage('image/jpeg', { width, height }).then((jpeg) =>
    sharp(jpeg)
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExif({ IFD0: { Make: 'PhoneCo', Copyright: 'Ada at home, 51.5N 0.1W' } })
      .toBuffer(),
  );
}

/** `POST /api/v1/media` as a browser form would send it. */
export function postImage(
  t: Origin,
  session: AuthSession,
  bytes: Buffer,
  { fileName = 'photo.png', contentType = 'image/png' } = {},
) {
  return t
    .http()
    .post('/api/v1/media')
    .set(bearer(session))
    .attach('file', bytes, { filename: fileName, contentType });
}

/** Uploads an image and returns what the server made of it (fails the test unless 201). */
export async function uploadImage(
  t: Origin,
  session: AuthSession,
  bytes?: Buffer,
  mimeType: ImageMimeType = 'image/png',
): Promise<MediaView> {
  const res = await postImage(t, session, bytes ?? (await sampleImage(mimeType)), {
    contentType: mimeType,
  });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${res.text}`);
  return res.body as MediaView;
}

/** supertest keeps binary bodies only when told how to read them: `.buffer(true).parse(binary)`. */
export function binary(
  res: SuperagentResponse,
  callback: (error: Error | null, body: Buffer) => void,
): void {
  // In Node, superagent hands parsers the raw response stream.
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('error', (error: Error) => callback(error, Buffer.alloc(0)));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** `POST /media/files` with `bytes` as the field `file`; `durationMs` makes it a voice message. */
export function postFile(
  t: Origin,
  session: AuthSession,
  bytes: Buffer,
  {
    fileName = 'notes.txt',
    contentType = 'application/octet-stream',
    durationMs = undefined as number | undefined,
  } = {},
) {
  const query = durationMs === undefined ? '' : `?durationMs=${durationMs}`;
  return t
    .http()
    .post(`/api/v1/media/files${query}`)
    .set(bearer(session))
    .attach('file', bytes, { filename: fileName, contentType });
}

/** Uploads a file and returns what the server made of it (fails the test unless 201). */
export async function uploadFile(
  t: Origin,
  session: AuthSession,
  bytes: Buffer,
  options: Parameters<typeof postFile>[3] = {},
): Promise<FileView> {
  const res = await postFile(t, session, bytes, options);
  if (res.status !== 201) throw new Error(`file upload: ${res.status} ${res.text}`);
  return res.body as FileView;
}

/**
 * The smallest WebM a voice recorder could make: the EBML header with doctype `webm`. Enough for
 * the server, which judges the type by those bytes; no player could play it.
 */
export function webmHeader(padding = 64): Buffer {
  const docType = Buffer.from('webm', 'latin1');
  return Buffer.concat([
    Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84]),
    docType,
    Buffer.alloc(padding, 0x20),
  ]);
}
