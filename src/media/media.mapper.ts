import {
  IMAGE_MIME_TYPES,
  type AttachedUpload,
  type FileView,
  type ImageMimeType,
  type MediaView,
} from '@app/contracts';
import type { MediaRecord } from './persistence/media.repository';

const isImageType = (type: string): type is ImageMimeType =>
  (IMAGE_MIME_TYPES as readonly string[]).includes(type);

export function toMediaView(media: MediaRecord): MediaView {
  // Images are stored with their detected image type only; a file never comes here.
  const mimeType = isImageType(media.mimeType) ? media.mimeType : 'image/webp';
  return {
    id: media.id,
    url: media.url,
    thumbnailUrl: media.thumbnailUrl,
    mimeType,
    size: media.size,
    width: media.width,
    height: media.height,
  };
}

export function toFileView(media: MediaRecord): FileView {
  return {
    id: media.id,
    // Always our route, also on Cloudinary: a file is served by us alone, as a download.
    url: `/api/v1/media/${media.id}`,
    name: media.fileName ?? 'file',
    mimeType: media.mimeType,
    size: media.size,
    sha256: media.sha256 ?? '',
    durationMs: media.durationMs,
  };
}

export function toAttachedUpload(media: MediaRecord): AttachedUpload {
  return media.kind === 'image'
    ? { kind: 'image', media: toMediaView(media) }
    : { kind: 'file', file: toFileView(media) };
}
