import {
  Inject,
  Injectable,
  PayloadTooLargeException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import type { Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { formatBytes } from './files/upload-limits';

export const UPLOAD_FIELD = 'file';

/**
 * Reads the multipart field `file` into memory, refusing more than MEDIA_MAX_SIZE while it
 * streams in (the rest of the body is drained, not stored), and says what the limit is.
 */
@Injectable()
export class ImageUploadInterceptor implements NestInterceptor {
  private readonly multipart: NestInterceptor;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const Multipart = FileInterceptor(UPLOAD_FIELD, {
      storage: memoryStorage(),
      limits: { fileSize: config.media.maxBytes, files: 1, fields: 10, parts: 11 },
    });
    this.multipart = new Multipart();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.multipart.intercept(context, next);
    } catch (error) {
      if (!(error instanceof PayloadTooLargeException)) throw error;
      const { maxBytes } = this.config.media;
      throw new PayloadTooLargeException(
        `The file is larger than the limit of ${formatBytes(maxBytes)} (${maxBytes} bytes)`,
      );
    }
  }
}
