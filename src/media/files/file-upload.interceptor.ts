import {
  HttpException,
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import type { AuthenticatedRequest } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { UPLOAD_FIELD } from '../image-upload.interceptor';
import { FileUploadsService } from './file-uploads.service';
import { receiveFile } from './multipart-file';
import { declaredFileBytes } from './upload-limits';

/**
 * Admits a file upload before reading its body (rate, declared size, quota), then streams the
 * multipart field `file` to disk, stopping at FILE_MAX_SIZE. A refusal closes the connection after
 * its answer, so a client sending a gigabyte is not read to the end.
 */
@Injectable()
export class FileUploadInterceptor implements NestInterceptor {
  constructor(
    private readonly files: FileUploadsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    try {
      await this.files.admit(
        request.user.userId,
        declaredFileBytes(request.headers['content-length']),
      );
      const file = await receiveFile(request, {
        dir: this.config.media.incomingDir,
        field: UPLOAD_FIELD,
        maxBytes: this.config.media.fileMaxBytes,
      });
      // Where `@UploadedFile()` looks for it.
      Object.assign(request, { file });
    } catch (error) {
      // The rest of the body is not read: the connection ends with the answer.
      if (error instanceof HttpException)
        http.getResponse<Response>().setHeader('Connection', 'close');
      throw error;
    }
    return next.handle();
  }
}
