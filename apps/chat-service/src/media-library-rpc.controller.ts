import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  MEDIA_LIBRARY_PATTERNS as P,
  MediaLibrary,
  type AttachMediaPayload,
  type AttachMediaResult,
  type ReleaseMediaPayload,
} from '@app/contracts';

/** Answers user-service's `MediaLibrary` requests (avatars) with the media module's own binding. */
@Controller()
export class MediaLibraryRpcController {
  constructor(private readonly media: MediaLibrary) {}

  @MessagePattern(P.attach)
  attach(@Payload() { mediaId, ownerId, usage }: AttachMediaPayload): Promise<AttachMediaResult> {
    return this.media.attach(mediaId, ownerId, usage);
  }

  @MessagePattern(P.release)
  release(@Payload() { mediaId, usage }: ReleaseMediaPayload): Promise<void> {
    return this.media.release(mediaId, usage);
  }
}
