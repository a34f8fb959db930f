import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  IMAGE_MIME_TYPES,
  MediaAccess,
  MediaLibrary,
  type AttachMediaResult,
  type FileView,
  type ImageMimeType,
  type MediaUsage,
  type MediaView,
} from '@app/contracts';
import { newId } from '@app/database';
import { consumeWindowLimit } from '@app/http';
import { KeyValueStore } from '@app/kv';
import type { ByteRange } from './files/byte-range';
import { EXTENSIONS, detectImageType } from './image-signature';
import {
  ImageProcessor,
  TooManyPixelsError,
  UnreadableImageError,
  type ProcessedImage,
} from './image-processor';
import { toAttachedUpload, toFileView, toMediaView } from './media.mapper';
import { MediaRepository, NOT_A_FILE, type MediaRecord } from './persistence/media.repository';
import {
  MediaStorage,
  MediaStorageUnavailableError,
  type MediaLocation,
  type MediaVariant,
  type StoredObject,
} from './storage/media-storage';

/** What `GET /media/:id` needs to answer, once access is granted. */
export type MediaDownload =
  | {
      kind: 'image';
      location: MediaLocation;
      mimeType: ImageMimeType;
      /** Strong: the bytes under an id never change. */
      etag: string;
      fileName: string;
    }
  | { kind: 'file'; file: FileView; stored: StoredObject; etag: string };

const UPLOAD_WINDOW_MS = 60_000;

/**
 * Uploads (validated by content, stripped of metadata, stored), access to them, and their one use
 * as a message image or an avatar. It is also the in-process `MediaLibrary`.
 */
@Injectable()
export class MediaService extends MediaLibrary {
  private readonly logger = new Logger(MediaService.name);

  constructor(
    private readonly repository: MediaRepository,
    private readonly storage: MediaStorage,
    private readonly processor: ImageProcessor,
    private readonly access: MediaAccess,
    private readonly kv: KeyValueStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async upload(ownerId: string, bytes: Buffer | undefined): Promise<MediaView> {
    if (!bytes?.length) throw noFile();
    await consumeWindowLimit(this.kv, {
      key: `rate:uploads:${ownerId}`,
      limit: this.config.media.uploadsPerMinute,
      windowMs: UPLOAD_WINDOW_MS,
      what: 'uploads',
    });
    const mimeType = detectImageType(bytes);
    if (!mimeType) throw unsupportedType('The file is not a JPEG, PNG, GIF or WebP image');
    const image = await this.read(bytes, mimeType);
    const id = newId();
    const stored = await this.save(id, image);
    try {
      const record = await this.repository.create({
        ...NOT_A_FILE,
        id,
        ownerId,
        mimeType,
        size: image.bytes.length,
        width: image.width,
        height: image.height,
        ...stored,
      });
      return toMediaView(record);
    } catch (error) {
      await this.removeStored(stored.storageKey);
      throw error;
    }
  }

  /**
   * 404 unless the caller uploaded it, it is an avatar, or it was posted in one of their chats
   * (as a message's picture, or a link preview's).
   */
  async download(userId: string, id: string, variant: MediaVariant): Promise<MediaDownload> {
    const media = await this.repository.findById(id);
    if (!media || !(await this.maySee(userId, media)))
      throw new NotFoundException('Image or file not found');
    const etag = `"${media.id}-${variant}"`;
    if (media.kind === 'file') {
      // A file has no thumbnail.
      if (variant === 'thumbnail') throw new NotFoundException('Image or file not found');
      return { kind: 'file', file: toFileView(media), stored: media, etag };
    }
    const view = toMediaView(media);
    const mimeType = variant === 'thumbnail' ? 'image/webp' : view.mimeType;
    return {
      kind: 'image',
      location: this.storage.locate(media, variant),
      mimeType,
      etag,
      fileName: `${media.id}${variant === 'thumbnail' ? '-thumbnail' : ''}.${EXTENSIONS[mimeType]}`,
    };
  }

  /** A file's bytes (or a range of them); 404 when the stored file is gone, 503 when unreachable. */
  async openFile(download: Extract<MediaDownload, { kind: 'file' }>, range: ByteRange | null) {
    try {
      return await this.storage.openFile(download.stored, range);
    } catch (error) {
      if (error instanceof MediaStorageUnavailableError) {
        this.logger.error({ err: error }, 'File storage failed');
        throw new ServiceUnavailableException('File storage is unavailable; try again shortly');
      }
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new NotFoundException('Image or file not found');
      }
      throw error;
    }
  }

  /** An upload that was never used can be deleted by its uploader (a cancelled attachment). */
  async remove(userId: string, id: string): Promise<void> {
    const deleted = await this.repository.deleteUnused(id, userId);
    if (deleted) return this.removeStored(deleted.storageKey);
    const media = await this.repository.findById(id);
    if (media?.ownerId !== userId) throw new NotFoundException('Image or file not found');
    throw new ConflictException('The image is in use (sent in a chat or your avatar)');
  }

  async attach(mediaId: string, ownerId: string, usage: MediaUsage): Promise<AttachMediaResult> {
    // An avatar is an image; a message carries any upload.
    const onlyKind = usage === 'avatar' ? 'image' : undefined;
    const attached = await this.repository.attach(mediaId, ownerId, usage, onlyKind);
    if (attached) return { ok: true, ...toAttachedUpload(attached) };
    const media = await this.repository.findById(mediaId);
    if (media?.ownerId !== ownerId) return { ok: false, reason: 'not_yours' };
    return { ok: false, reason: media.usage === null ? 'not_an_image' : 'already_used' };
  }

  async release(mediaId: string, usage: MediaUsage): Promise<void> {
    const deleted = await this.repository.deleteUsed(mediaId, usage);
    if (deleted) await this.removeStored(deleted.storageKey);
  }

  /** Deletes the stored object; a failure is logged and leaves a file nobody can reach. */
  async removeStored(storageKey: string): Promise<void> {
    try {
      await this.storage.remove(storageKey);
    } catch (error) {
      this.logger.warn({ err: error, storageKey }, 'Could not delete a stored image');
    }
  }

  private async maySee(userId: string, media: MediaRecord): Promise<boolean> {
    if (media.ownerId === userId || media.usage === 'avatar') return true;
    const inChats = media.usage === 'message' || media.usage === 'preview';
    return inChats && this.access.isPostedInChatOf(userId, media.id);
  }

  private async read(bytes: Buffer, mimeType: ImageMimeType): Promise<ProcessedImage> {
    try {
      return await this.processor.process(bytes, mimeType);
    } catch (error) {
      if (error instanceof TooManyPixelsError) throw new PayloadTooLargeException(error.message);
      if (error instanceof UnreadableImageError) throw unsupportedType(error.message);
      throw error;
    }
  }

  private async save(id: string, image: ProcessedImage): Promise<StoredObject> {
    try {
      return await this.storage.save(id, image);
    } catch (error) {
      if (!(error instanceof MediaStorageUnavailableError)) throw error;
      this.logger.error({ err: error }, 'Image storage failed');
      throw new ServiceUnavailableException('Image storage is unavailable; try again shortly');
    }
  }
}

function noFile(): BadRequestException {
  const message = 'Attach the image as the multipart/form-data field "file"';
  return new BadRequestException({ message, details: [{ field: 'file', messages: [message] }] });
}

function unsupportedType(reason: string): UnsupportedMediaTypeException {
  return new UnsupportedMediaTypeException({
    message: `${reason}. Accepted: ${IMAGE_MIME_TYPES.join(', ')} (judged by the file's content, not its name or declared type)`,
    details: { acceptedTypes: IMAGE_MIME_TYPES },
  });
}
