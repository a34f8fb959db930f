import type { MediaView } from '@app/contracts';
import type { MediaRecord } from './persistence/media.repository';

export function toMediaView(media: MediaRecord): MediaView {
  return {
    id: media.id,
    url: media.url,
    thumbnailUrl: media.thumbnailUrl,
    mimeType: media.mimeType,
    size: media.size,
    width: media.width,
    height: media.height,
  };
}
