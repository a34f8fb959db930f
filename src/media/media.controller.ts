import {
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CurrentUser, type AuthUser } from '@app/auth';
import { IMAGE_MIME_TYPES, type FileView, type MediaView } from '@app/contracts';
import { ApiError, ApiErrors, FileViewDto, MediaViewDto, UuidParam } from '@app/http';
import { FileUploadQueryDto } from './files/file-upload-query.dto';
import { FileUploadInterceptor } from './files/file-upload.interceptor';
import { FileUploadsService } from './files/file-uploads.service';
import type { ReceivedFile } from './files/multipart-file';
import {
  answeredFromCache,
  FILE_SECURITY_HEADERS,
  PRIVATE_IMMUTABLE,
  sendFile,
} from './files/file-response';
import { ImageUploadInterceptor, UPLOAD_FIELD } from './image-upload.interceptor';
import { MediaService } from './media.service';
import type { MediaVariant } from './storage/media-storage';

const ACCEPTED = IMAGE_MIME_TYPES.join(', ');
const IMAGE_NOT_FOUND = { message: 'Image or file not found' };

@ApiTags('media')
@ApiErrors(401, 429)
@Controller('media')
export class MediaController {
  constructor(
    private readonly media: MediaService,
    private readonly files: FileUploadsService,
  ) {}

  @Post()
  @UseInterceptors(ImageUploadInterceptor)
  @ApiOperation({
    summary: 'Upload an image, to send in a chat (mediaId) or make your avatar (avatarMediaId)',
    description: `Accepted: ${ACCEPTED}, judged by the file's bytes, never its name or declared type. At most MEDIA_MAX_SIZE (5 MB by default) and 50 megapixels; at most MEDIA_UPLOADS_PER_MINUTE (30) uploads per minute per person. EXIF, XMP, IPTC and text metadata (camera, GPS position) are removed, with the orientation applied to the pixels; GIFs are stored as uploaded. The upload can be used once; one left unused for 24 hours is deleted.`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [UPLOAD_FIELD],
      properties: {
        [UPLOAD_FIELD]: { type: 'string', format: 'binary', description: `One of ${ACCEPTED}` },
      },
    },
  })
  @ApiCreatedResponse({ type: MediaViewDto })
  @ApiErrors(503)
  @ApiError(400, {
    message: 'Attach the image as the multipart/form-data field "file"',
    details: [
      { field: 'file', messages: ['Attach the image as the multipart/form-data field "file"'] },
    ],
  })
  @ApiError(413, {
    description: 'Larger than MEDIA_MAX_SIZE (5 MB by default) or than 50 megapixels (`too_large`)',
    message: 'The file is larger than the limit of 5 MB (5242880 bytes)',
  })
  @ApiError(415, {
    description: `Not a readable ${ACCEPTED} image (\`unsupported_type\`); \`details.acceptedTypes\` lists them`,
  })
  upload(
    @CurrentUser() user: AuthUser,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<MediaView> {
    return this.media.upload(user.userId, file?.buffer);
  }

  @Post('files')
  @UseInterceptors(FileUploadInterceptor)
  @ApiOperation({
    summary:
      'Upload any file (a document, an archive, audio, video) or a voice message, to send in a chat',
    description:
      "At most FILE_MAX_SIZE (25 MB by default), streamed to storage; refused before it is read when Content-Length already says it is too large or past your quota. Your uploads (images and files) may add up to FILE_QUOTA (1 GB) until deleted. The type is judged by the file's bytes, never its name; the name is kept for display and downloads only. With `durationMs`, it is a voice message: it must be audio (WebM, Ogg, MP4, MP3 or WAV) of at most VOICE_MAX_DURATION (5 minutes). Send it with `message:send` (`mediaId`). Shares the image uploads' rate limit (MEDIA_UPLOADS_PER_MINUTE); one left unused for 24 hours is deleted.",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [UPLOAD_FIELD],
      properties: { [UPLOAD_FIELD]: { type: 'string', format: 'binary' } },
    },
  })
  @ApiCreatedResponse({ type: FileViewDto })
  @ApiErrors(503)
  @ApiError(400, {
    message: 'Attach the file as the multipart/form-data field "file"',
    details: [
      { field: 'file', messages: ['Attach the file as the multipart/form-data field "file"'] },
    ],
  })
  @ApiError(413, {
    description:
      'Larger than FILE_MAX_SIZE (`too_large`), or past your storage quota (`quota_exceeded`, with `details.leftBytes`)',
    message: 'The file is larger than the limit of 25 MB (26214400 bytes)',
  })
  @ApiError(415, { description: 'A voice message that is not audio (`unsupported_type`)' })
  uploadFile(
    @CurrentUser() user: AuthUser,
    @UploadedFile() file: ReceivedFile | undefined,
    @Query() query: FileUploadQueryDto,
  ): Promise<FileView> {
    return this.files.store(user.userId, file, query.durationMs);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'The image (local storage) or a redirect to it (Cloudinary); a file, always from here',
    description:
      'Readable by its uploader, by the members of the chats it was sent in, and by anyone signed in when it is an avatar; 404 for everyone else. Works with the session cookie, so it can be an <img src> or <audio src>. A file is a download (`Content-Disposition: attachment` with its name, RFC 6266), never shown inline, with a sandboxing Content-Security-Policy and byte ranges (`Range`, 206, 416).',
  })
  @ApiOkResponse({ description: 'The bytes, with their content type' })
  @ApiResponse({ status: 206, description: 'A file: the asked byte range' })
  @ApiError(416, {
    description: 'A file: the range starts past its end (`Content-Range: bytes */size`)',
    message: 'The range starts past the end of the file',
  })
  @ApiResponse({ status: 302, description: 'Cloudinary: the image is at Location' })
  @ApiErrors(400)
  @ApiError(404, IMAGE_NOT_FOUND)
  original(
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile | undefined> {
    return this.serve(user, id, 'original', req, res);
  }

  @Get(':id/thumbnail')
  @ApiOperation({ summary: 'A WebP of at most 320×320; same access as the image' })
  @ApiOkResponse({ description: 'image/webp' })
  @ApiResponse({ status: 302, description: 'Cloudinary: the thumbnail is at Location' })
  @ApiErrors(400)
  @ApiError(404, IMAGE_NOT_FOUND)
  thumbnail(
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile | undefined> {
    return this.serve(user, id, 'thumbnail', req, res);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete an upload of yours that was never sent nor made your avatar' })
  @ApiNoContentResponse({ description: 'Deleted, stored image included' })
  @ApiErrors(400)
  @ApiError(404, IMAGE_NOT_FOUND)
  @ApiError(409, { message: 'The image is in use (sent in a chat or your avatar)' })
  remove(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<void> {
    return this.media.remove(user.userId, id);
  }

  private async serve(
    user: AuthUser,
    id: string,
    variant: MediaVariant,
    req: Request,
    res: Response,
  ): Promise<StreamableFile | undefined> {
    const download = await this.media.download(user.userId, id, variant);
    if (download.kind === 'file') {
      return sendFile(download.file, download.etag, req, res, (range) =>
        this.media.openFile(download, range),
      );
    }
    if (download.location.kind === 'redirect') {
      // Cached like the bytes: where an id's image lives never changes either.
      res.setHeader('Cache-Control', PRIVATE_IMMUTABLE);
      res.redirect(HttpStatus.FOUND, download.location.url);
      return undefined;
    }
    if (answeredFromCache(download.etag, req, res)) return undefined;
    const size = await stat(download.location.path).then(
      (stats) => stats.size,
      () => {
        throw new NotFoundException('Image or file not found');
      },
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', FILE_SECURITY_HEADERS['Content-Security-Policy']);
    return new StreamableFile(createReadStream(download.location.path), {
      type: download.mimeType,
      length: size,
      disposition: `inline; filename="${download.fileName}"`,
    });
  }
}
