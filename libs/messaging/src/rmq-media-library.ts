import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import {
  MEDIA_LIBRARY_PATTERNS as P,
  MediaLibrary,
  type AttachMediaPayload,
  type AttachMediaResult,
  type MediaUsage,
  type ReleaseMediaPayload,
} from '@app/contracts';
import { request } from './rpc-request';

export const MEDIA_LIBRARY_CLIENT = Symbol('MEDIA_LIBRARY_CLIENT');
export const MEDIA_LIBRARY_TIMEOUT_MS = Symbol('MEDIA_LIBRARY_TIMEOUT_MS');

/** The split binding of `MediaLibrary`: asks chat-service, which hosts media, over RabbitMQ. */
@Injectable()
export class RmqMediaLibrary extends MediaLibrary {
  constructor(
    @Inject(MEDIA_LIBRARY_CLIENT) private readonly client: ClientProxy,
    @Inject(MEDIA_LIBRARY_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {
    super();
  }

  attach(mediaId: string, ownerId: string, usage: MediaUsage): Promise<AttachMediaResult> {
    return request<AttachMediaResult>(
      this.client,
      'media service',
      P.attach,
      { mediaId, ownerId, usage } satisfies AttachMediaPayload,
      this.timeoutMs,
    );
  }

  release(mediaId: string, usage: MediaUsage): Promise<void> {
    return request<void>(
      this.client,
      'media service',
      P.release,
      { mediaId, usage } satisfies ReleaseMediaPayload,
      this.timeoutMs,
    );
  }
}
