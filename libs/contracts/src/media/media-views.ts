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
