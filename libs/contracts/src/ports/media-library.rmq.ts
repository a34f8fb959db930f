import type { MediaUsage } from '../media/media-views';

/**
 * The `MediaLibrary` port over RabbitMQ (split deployment): user-service asks chat-service, which
 * hosts media, to put an upload to use as an avatar. Request/response on one queue.
 */
export const MEDIA_LIBRARY_QUEUE = 'media.library';

export const MEDIA_LIBRARY_PATTERNS = {
  attach: 'media.attach',
  release: 'media.release',
} as const;

export interface ReleaseMediaPayload {
  mediaId: string;
  usage: MediaUsage;
}

export interface AttachMediaPayload {
  mediaId: string;
  ownerId: string;
  usage: MediaUsage;
}
