import { detectImageType } from '../image-signature';

/** How many leading bytes the detection reads. */
export const SIGNATURE_BYTES = 4096;

/** What an unknown file is called: a download and nothing more. */
export const UNKNOWN_TYPE = 'application/octet-stream';

const ascii = (text: string) => Buffer.from(text, 'latin1');

const at = (bytes: Buffer, offset: number, prefix: Buffer | string) => {
  const wanted = typeof prefix === 'string' ? ascii(prefix) : prefix;
  return (
    bytes.length >= offset + wanted.length &&
    bytes.subarray(offset, offset + wanted.length).equals(wanted)
  );
};

/** Magic numbers at the start of a file (or at an offset), first match wins. */
const SIGNATURES: ReadonlyArray<[test: (bytes: Buffer) => boolean, type: string]> = [
  [(b) => at(b, 0, '%PDF-'), 'application/pdf'],
  [(b) => at(b, 0, Buffer.from([0x50, 0x4b, 0x03, 0x04])), 'application/zip'],
  [(b) => at(b, 0, Buffer.from([0x50, 0x4b, 0x05, 0x06])), 'application/zip'],
  [(b) => at(b, 0, Buffer.from([0x1f, 0x8b])), 'application/gzip'],
  [
    (b) => at(b, 0, Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])),
    'application/x-7z-compressed',
  ],
  [(b) => at(b, 0, 'Rar!\x1a\x07'), 'application/vnd.rar'],
  [(b) => at(b, 0, 'OggS'), 'audio/ogg'],
  [(b) => at(b, 0, 'fLaC'), 'audio/flac'],
  [(b) => at(b, 0, 'RIFF') && at(b, 8, 'WAVE'), 'audio/wav'],
  [(b) => at(b, 0, 'RIFF') && at(b, 8, 'AVI '), 'video/x-msvideo'],
  [(b) => at(b, 0, Buffer.from([0x1a, 0x45, 0xdf, 0xa3])), 'video/webm'],
  [(b) => at(b, 4, 'ftypM4A') || at(b, 4, 'ftypM4B'), 'audio/mp4'],
  [(b) => at(b, 4, 'ftypqt'), 'video/quicktime'],
  [(b) => at(b, 4, 'ftyp'), 'video/mp4'],
  [
    (b) => at(b, 0, 'ID3') || (b.length >= 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0),
    'audio/mpeg',
  ],
];

/**
 * Markup a browser would run or render if it were shown on our origin. Detected so that it is never
 * served as what it is (see `servedType`).
 */
const MARKUP: ReadonlyArray<[pattern: RegExp, type: string]> = [
  [/^<!doctype\s+html|^<html|^<head|^<body|^<script|^<iframe/i, 'text/html'],
  [
    /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype\s+svg[^>]*>\s*)?<svg[\s>]/i,
    'image/svg+xml',
  ],
  [/^<\?xml/i, 'application/xml'],
];

/** Types that are served as `application/octet-stream`, so that nothing ever renders them. */
const ACTIVE_TYPES = new Set(['text/html', 'image/svg+xml', 'application/xml']);

/**
 * The type a file's own bytes announce. The name and the declared type are never consulted: an
 * HTML page named `photo.png` is `text/html`, and is served as a download like any other file.
 */
export function detectFileType(head: Buffer): string {
  const image = detectImageType(head);
  if (image) return image;
  for (const [test, type] of SIGNATURES) if (test(head)) return type;
  const text = textOf(head);
  if (text === null) return UNKNOWN_TYPE;
  const start = text.replace(/^\uFEFF/, '').trimStart();
  for (const [pattern, type] of MARKUP) if (pattern.test(start)) return type;
  return 'text/plain';
}

/** The Content-Type a file is served with: what it is, unless a browser could run it. */
export function servedType(mimeType: string): string {
  if (ACTIVE_TYPES.has(mimeType)) return UNKNOWN_TYPE;
  return mimeType === 'text/plain' ? 'text/plain; charset=utf-8' : mimeType;
}

/** Audio that a voice message may be, as browsers' MediaRecorder makes it. */
export function voiceType(detected: string): string | null {
  switch (detected) {
    case 'video/webm':
    case 'audio/ogg':
      return detected === 'video/webm' ? 'audio/webm' : detected;
    case 'video/mp4':
    case 'audio/mp4':
      return 'audio/mp4';
    case 'audio/mpeg':
    case 'audio/wav':
      return detected;
    default:
      return null;
  }
}

/** The head decoded as UTF-8 text, or null when it is binary (a NUL, or bytes that are not UTF-8). */
function textOf(head: Buffer): string | null {
  if (head.length === 0 || head.includes(0)) return null;
  try {
    // The head may end inside a character: leave out up to 3 bytes of a cut sequence.
    return new TextDecoder('utf-8', { fatal: true }).decode(trimCutCharacter(head));
  } catch {
    return null;
  }
}

function trimCutCharacter(bytes: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    if (byte < 0x80) return bytes;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return length > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}
