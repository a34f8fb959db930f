import type { AttachedUpload, MediaUsage } from '../media/media-views';

export type AttachMediaResult =
  | ({ ok: true } & AttachedUpload)
  /**
   * `not_yours`: no such upload, or somebody else's (the caller cannot tell which);
   * `not_an_image`: a file other than an image, where only an image will do (an avatar).
   */
  | { ok: false; reason: 'not_yours' | 'already_used' | 'not_an_image' };

/**
 * How chat (image messages) and users (avatars) put an upload to use without importing the media
 * module. In the split deployment it is an RMQ request `media.attach` to the chat service.
 */
export abstract class MediaLibrary {
  /**
   * Claims `ownerId`'s upload for one use; an upload can be claimed once, by its uploader only.
   * A message takes any upload, an avatar an image only.
   */
  abstract attach(mediaId: string, ownerId: string, usage: MediaUsage): Promise<AttachMediaResult>;

  /**
   * Its use ended (the message it was sent in was deleted for everyone): the upload and its files
   * are deleted, and it is served to nobody any more. Unknown, or in another use: no change.
   */
  abstract release(mediaId: string, usage: MediaUsage): Promise<void>;
}
