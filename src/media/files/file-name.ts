import { MAX_FILE_NAME_LENGTH } from '@app/contracts';

/** Control characters, and the format characters that reorder text (`exe.pdf` shown as `fdp.exe`). */
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/**
 * The uploader's file name, made safe to show and to put in a header: the last path segment
 * only, no control or bidirectional-override characters, no leading or trailing dots and spaces,
 * at most MAX_FILE_NAME_LENGTH characters with the extension kept. Never used as a path.
 */
export function safeFileName(raw: string | undefined, fallback: string): string {
  const lastSegment = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .normalize('NFC')
    .replace(UNSAFE, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (cleaned === '') return fallback;
  const characters = Array.from(cleaned);
  if (characters.length <= MAX_FILE_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(cleaned.slice(dot)).slice(0, 16).join('') : '';
  const stemLength = MAX_FILE_NAME_LENGTH - Array.from(extension).length;
  return characters.slice(0, stemLength).join('') + extension;
}

/**
 * `Content-Disposition: attachment` with the name twice (RFC 6266): an ASCII fallback in
 * `filename` for old clients, and the exact name in `filename*` (RFC 5987, UTF-8, percent-encoded).
 */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
