import { IMAGE_MIME_TYPES } from '@app/contracts';

/**
 * The largest file the client uploads: the server's FILE_MAX_SIZE by default (25 MB, in the
 * server's 1024-based units). Checked before an upload starts, so a file too large is refused at
 * once instead of after minutes of uploading; the server checks again (and says its own limit).
 */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;

/** Most files attached at once (each is sent as its own message). */
export const MAX_ATTACHMENTS = 10;

/** What an attached file is sent as: a picture (shown inline), or any other file (a download). */
export type AttachmentKind = 'image' | 'file';

/** The images the server takes as pictures go the image way (made smaller, shown inline). */
export function attachmentKindOf(file: { type: string }): AttachmentKind {
  return (IMAGE_MIME_TYPES as readonly string[]).includes(file.type) ? 'image' : 'file';
}

/** Why a file cannot be attached; none when it can. */
export type AttachRefusal = 'tooLarge' | 'empty';

export function refusalOf(file: { size: number }): AttachRefusal | null {
  if (file.size === 0) return 'empty';
  if (file.size > MAX_FILE_BYTES) return 'tooLarge';
  return null;
}

/**
 * Files picked, dropped or pasted, sorted into those attached and those refused (and why), at most
 * `MAX_ATTACHMENTS` in all with the `already` attached: `overflow` counts those left out.
 */
export function sortAttachments<F extends { size: number }>(
  files: readonly F[],
  already: number,
): { accepted: F[]; refused: Array<{ file: F; reason: AttachRefusal }>; overflow: number } {
  const accepted: F[] = [];
  const refused: Array<{ file: F; reason: AttachRefusal }> = [];
  let overflow = 0;
  for (const file of files) {
    const reason = refusalOf(file);
    if (reason) refused.push({ file, reason });
    else if (already + accepted.length < MAX_ATTACHMENTS) accepted.push(file);
    else overflow += 1;
  }
  return { accepted, refused, overflow };
}

const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/**
 * A size the way people read it: "512 B", "2.4 MB", "25.3 MB", "25 MB" ("2,4 MB" in German), in
 * 1024-based units as the server counts its limits. One decimal below 100 of a unit (so a file
 * just over 25 MB does not read as 25 MB), none above.
 */
export function formatFileSize(bytes: number, locale = 'en'): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (unit < UNITS.length - 1 && value >= 1024) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  // 1023.96 KB would round to "1024 KB": that is "1 MB".
  if (unit < UNITS.length - 1 && Number(value.toFixed(digits)) >= 1024) {
    value /= 1024;
    unit += 1;
  }
  const shown = new Intl.NumberFormat(locale, {
    maximumFractionDigits: unit === 0 || value >= 100 ? 0 : 1,
  }).format(value);
  return `${shown} ${UNITS[unit]}`;
}

/** A length of time as a player shows it: "0:07", "4:59", "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor((Number.isFinite(ms) ? ms : 0) / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
}

/** The icons a file card can show. */
export type FileIcon =
  | 'pdf'
  | 'image'
  | 'audio'
  | 'video'
  | 'archive'
  | 'text'
  | 'document'
  | 'spreadsheet'
  | 'slides'
  | 'file';

/** What a file card says a file is: an icon, and a short type ("PDF"; null: just "File"). */
export interface FileKind {
  icon: FileIcon;
  label: string | null;
}

/** The types the server tells by their bytes (file-signature.ts), with their icon and name. */
const BY_TYPE: Record<string, FileKind> = {
  'application/pdf': { icon: 'pdf', label: 'PDF' },
  'application/zip': { icon: 'archive', label: 'ZIP' },
  'application/gzip': { icon: 'archive', label: 'GZIP' },
  'application/x-7z-compressed': { icon: 'archive', label: '7Z' },
  'application/vnd.rar': { icon: 'archive', label: 'RAR' },
  'audio/ogg': { icon: 'audio', label: 'OGG' },
  'audio/flac': { icon: 'audio', label: 'FLAC' },
  'audio/wav': { icon: 'audio', label: 'WAV' },
  'audio/mp4': { icon: 'audio', label: 'M4A' },
  'audio/mpeg': { icon: 'audio', label: 'MP3' },
  'audio/webm': { icon: 'audio', label: 'WEBM' },
  'video/webm': { icon: 'video', label: 'WEBM' },
  'video/mp4': { icon: 'video', label: 'MP4' },
  'video/quicktime': { icon: 'video', label: 'MOV' },
  'video/x-msvideo': { icon: 'video', label: 'AVI' },
  'image/jpeg': { icon: 'image', label: 'JPEG' },
  'image/png': { icon: 'image', label: 'PNG' },
  'image/gif': { icon: 'image', label: 'GIF' },
  'image/webp': { icon: 'image', label: 'WEBP' },
  'image/svg+xml': { icon: 'image', label: 'SVG' },
  'text/html': { icon: 'text', label: 'HTML' },
  'application/xml': { icon: 'text', label: 'XML' },
  'text/plain': { icon: 'text', label: 'TXT' },
};

/** Office documents and e-books are ZIP files inside: their name says which. */
const ZIP_CONTAINERS: Record<string, FileIcon> = {
  docx: 'document',
  odt: 'document',
  epub: 'document',
  pages: 'document',
  xlsx: 'spreadsheet',
  ods: 'spreadsheet',
  numbers: 'spreadsheet',
  pptx: 'slides',
  odp: 'slides',
  key: 'slides',
  jar: 'archive',
  apk: 'archive',
};

/** Plain text whose name says what kind of text. */
const TEXT_KINDS: Record<string, FileIcon> = { csv: 'spreadsheet', tsv: 'spreadsheet' };

/** "report.final.PDF" → "pdf"; none without a dot, or with something too long to be one. */
export function extensionOf(name: string): string | null {
  const match = /\.([a-z0-9]{1,7})$/i.exec(name);
  return match && match[0] !== name ? match[1].toLowerCase() : null;
}

/**
 * The icon and short type of a file card. The type is the one the server read in the file's
 * bytes, never taken from its name alone: a file named `invoice.pdf` that is not a PDF is a
 * "File", not a "PDF". The name only refines what the bytes already say (a ZIP named `.docx` is
 * a Word document; plain text named `.csv` is a table).
 */
export function fileKindOf(file: { name: string; mimeType: string }): FileKind {
  const ext = extensionOf(file.name);
  const type = file.mimeType.split(';')[0].trim().toLowerCase();
  if (type === 'application/zip' && ext && ZIP_CONTAINERS[ext]) {
    return { icon: ZIP_CONTAINERS[ext], label: ext.toUpperCase() };
  }
  if (type === 'text/plain' && ext) {
    return { icon: TEXT_KINDS[ext] ?? 'text', label: ext.toUpperCase() };
  }
  const known = BY_TYPE[type];
  if (known) return known;
  if (type.startsWith('audio/')) return { icon: 'audio', label: null };
  if (type.startsWith('video/')) return { icon: 'video', label: null };
  if (type.startsWith('image/')) return { icon: 'image', label: null };
  return { icon: 'file', label: null };
}
