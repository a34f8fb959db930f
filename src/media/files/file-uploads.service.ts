import {
  BadRequestException,
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
  type OnModuleInit,
} from '@nestjs/common';
import { rm } from 'node:fs/promises';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { FileView } from '@app/contracts';
import { newId } from '@app/database';
import { consumeWindowLimit } from '@app/http';
import { KeyValueStore } from '@app/kv';
import { toFileView } from '../media.mapper';
import { MediaRepository, type NewMedia } from '../persistence/media.repository';
import { MediaStorage, MediaStorageUnavailableError } from '../storage/media-storage';
import { readHead, sha256Of } from './file-reading';
import { safeFileName } from './file-name';
import { detectFileType, SIGNATURE_BYTES, voiceType } from './file-signature';
import { sweepIncoming, type ReceivedFile } from './multipart-file';
import { fileTooLarge, overQuota } from './upload-limits';

const UPLOAD_WINDOW_MS = 60_000;
/** Incoming files older than this were left by a crash. */
const STALE_INCOMING_MS = 60 * 60_000;

/**
 * Any file up to FILE_MAX_SIZE, voice messages included: admitted before its body is read (rate,
 * declared size, quota), streamed to disk, judged by its bytes, hashed, then stored as it is.
 */
@Injectable()
export class FileUploadsService implements OnModuleInit {
  private readonly logger = new Logger(FileUploadsService.name);

  constructor(
    private readonly repository: MediaRepository,
    private readonly storage: MediaStorage,
    private readonly kv: KeyValueStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const removed = await sweepIncoming(this.config.media.incomingDir, STALE_INCOMING_MS);
    if (removed > 0) this.logger.log(`Deleted ${removed} incoming file(s) a crash left behind`);
  }

  /**
   * Before a byte of the body is read: the per-person upload rate, and the file bytes the declared
   * length (Content-Length) can hold against FILE_MAX_SIZE and what is left of the quota, so that an upload that
   * cannot be kept is refused at once instead of after it was received.
   */
  async admit(ownerId: string, fileBytes: number | undefined): Promise<void> {
    await consumeWindowLimit(this.kv, {
      key: `rate:uploads:${ownerId}`,
      limit: this.config.media.uploadsPerMinute,
      windowMs: UPLOAD_WINDOW_MS,
      what: 'uploads',
    });
    const { fileMaxBytes, quotaBytes } = this.config.media;
    if (fileBytes === undefined) return;
    if (fileBytes > fileMaxBytes) throw fileTooLarge(fileMaxBytes);
    const used = await this.repository.usedBytes(ownerId);
    if (used + fileBytes > quotaBytes) throw overQuota(quotaBytes, used);
  }

  async store(
    ownerId: string,
    received: ReceivedFile | undefined,
    durationMs: number | undefined,
  ): Promise<FileView> {
    if (!received) throw noFile();
    try {
      return await this.keep(ownerId, received, durationMs);
    } finally {
      // Moved into storage on success; deleted here on every refusal.
      await rm(received.path, { force: true });
    }
  }

  private async keep(
    ownerId: string,
    received: ReceivedFile,
    durationMs: number | undefined,
  ): Promise<FileView> {
    if (received.size === 0) throw badFile('The file is empty');
    const mimeType = this.typeOf(await readHead(received.path, SIGNATURE_BYTES), durationMs);
    const { quotaBytes } = this.config.media;
    const usedBefore = await this.repository.usedBytes(ownerId);
    if (usedBefore + received.size > quotaBytes) throw overQuota(quotaBytes, usedBefore);
    const id = newId();
    const record: Omit<NewMedia, 'storageKey' | 'url' | 'thumbnailUrl'> = {
      id,
      ownerId,
      kind: 'file',
      mimeType,
      size: received.size,
      width: 0,
      height: 0,
      fileName: safeFileName(received.originalname, durationMs ? 'voice-message' : 'file'),
      sha256: await sha256Of(received.path),
      durationMs: durationMs ?? null,
    };
    const stored = await this.save(id, received, mimeType);
    const created = await this.repository.create({ ...record, ...stored }).catch(async (error) => {
      await this.removeStored(stored.storageKey);
      throw error;
    });
    // Two uploads at once may both have fitted: counted again with this one in, the later loses.
    const usedAfter = await this.repository.usedBytes(ownerId);
    if (usedAfter > quotaBytes) {
      await this.repository.deleteUnused(id, ownerId);
      await this.removeStored(stored.storageKey);
      throw overQuota(quotaBytes, usedAfter - received.size);
    }
    return toFileView(created);
  }

  /** The detected type; a voice message must be audio as browsers record it, and not too long. */
  private typeOf(head: Buffer, durationMs: number | undefined): string {
    const detected = detectFileType(head);
    if (durationMs === undefined) return detected;
    const { voiceMaxMs } = this.config.media;
    if (durationMs > voiceMaxMs) {
      throw badFile(`A voice message can be at most ${Math.round(voiceMaxMs / 1000)} seconds long`);
    }
    const voice = voiceType(detected);
    if (!voice) {
      throw new UnsupportedMediaTypeException(
        'A voice message must be audio: WebM, Ogg, MP4, MP3 or WAV (judged by its content)',
      );
    }
    return voice;
  }

  private async save(id: string, received: ReceivedFile, mimeType: string) {
    try {
      return await this.storage.saveFile(id, {
        path: received.path,
        size: received.size,
        mimeType,
      });
    } catch (error) {
      if (!(error instanceof MediaStorageUnavailableError)) throw error;
      this.logger.error({ err: error }, 'File storage failed');
      throw new ServiceUnavailableException('File storage is unavailable; try again shortly');
    }
  }

  private async removeStored(storageKey: string): Promise<void> {
    try {
      await this.storage.remove(storageKey);
    } catch (error) {
      this.logger.warn({ err: error, storageKey }, 'Could not delete a stored file');
    }
  }
}

function noFile(): BadRequestException {
  return badFile('Attach the file as the multipart/form-data field "file"');
}

function badFile(message: string): BadRequestException {
  return new BadRequestException({ message, details: [{ field: 'file', messages: [message] }] });
}
