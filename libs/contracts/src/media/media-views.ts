/** The image formats accepted for upload, judged by the file's bytes. */
export const IMAGE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
export type ImageMimeType = (typeof IMAGE_MIME_TYPES)[number];

/** What an upload becomes: an image message's picture or someone's avatar, and only one of them. */
export type MediaUsage = 'message' | 'avatar';

/** An uploaded image as clients see it. */
export interface MediaView {
  id: string;
  /** The full image. Relative (`/api/v1/media/…`, needs a session) with local storage; a Cloudinary URL otherwise. */
  url: string;
  /** At most 320×320, for message lists and avatars. */
  thumbnailUrl: string;
  mimeType: ImageMimeType;
  /** Bytes of the stored image (after metadata was removed). */
  size: number;
  width: number;
  height: number;
}

/** Longest file name kept, in characters (a longer one is cut, its extension kept). */
export const MAX_FILE_NAME_LENGTH = 200;

/**
 * Any other file as clients see it: a document, an archive, audio, video, or a voice message.
 * Served by `url` as a download (never shown inline on our origin), with byte ranges.
 */
export interface FileView {
  id: string;
  /** `/api/v1/media/…`: needs a session, readable by the members of the chats it was sent in. */
  url: string;
  /** The uploader's name for it, made safe for display: no paths, no control characters. */
  name: string;
  /** Judged by the file's bytes, never its name; `application/octet-stream` when unknown. */
  mimeType: string;
  size: number;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  /** Set on a voice message: its length as recorded. */
  durationMs: number | null;
}

/** What an upload put to use turned out to be: an image, or any other file. */
export type AttachedUpload = { kind: 'image'; media: MediaView } | { kind: 'file'; file: FileView };

/** Tells a file from an image where one field may hold either (a stored message's upload). */
export function isFileView(upload: MediaView | FileView): upload is FileView {
  return 'sha256' in upload;
}
