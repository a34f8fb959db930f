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
import type { Request, Response } from 'express';
import { declaredFileBytes, fileTooLarge } from './files/upload-limits';

export const UPLOAD_FIELD = 'file';

/**
 * Reads the multipart field `file` into memory, refusing more than MEDIA_MAX_SIZE, and says what
 * the limit is. A body whose Content-Length is already too large is refused before it is read,
 * with the connection closed; past the limit while it streams in, multer drains the rest (not
 * stored) before the answer.
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
    const http = context.switchToHttp();
    const { maxBytes } = this.config.media;
    const declared = declaredFileBytes(http.getRequest<Request>().headers['content-length']);
    if (declared !== undefined && declared > maxBytes) {
      http.getResponse<Response>().setHeader('Connection', 'close');
      throw fileTooLarge(maxBytes);
    }
    try {
      return await this.multipart.intercept(context, next);
    } catch (error) {
      if (!(error instanceof PayloadTooLargeException)) throw error;
      throw fileTooLarge(maxBytes);
    }
  }
}
