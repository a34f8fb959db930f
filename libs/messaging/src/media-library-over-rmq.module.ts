import { Inject, Module, type DynamicModule } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { MEDIA_LIBRARY_QUEUE, MediaLibrary } from '@app/contracts';
import {
  MEDIA_LIBRARY_CLIENT,
  MEDIA_LIBRARY_TIMEOUT_MS,
  RmqMediaLibrary,
} from './rmq-media-library';
import { ClosesRmqClient, rpcPortProviders } from './rpc-client.module';

export interface MediaLibraryOverRmqOptions {
  url: string;
  /** The queue chat-service answers on; tests use their own. */
  queue?: string;
  /** How long a caller waits before answering 503; 3 s by default. */
  timeoutMs?: number;
}

/** Binds `MediaLibrary` to chat-service (which hosts media) over RabbitMQ, for user-service. */
@Module({})
export class MediaLibraryOverRmqModule extends ClosesRmqClient {
  constructor(@Inject(MEDIA_LIBRARY_CLIENT) client: ClientProxy) {
    super(client);
  }

  static forRoot(options: MediaLibraryOverRmqOptions): DynamicModule {
    return {
      module: MediaLibraryOverRmqModule,
      providers: rpcPortProviders({
        port: MediaLibrary,
        implementation: RmqMediaLibrary,
        clientToken: MEDIA_LIBRARY_CLIENT,
        timeoutToken: MEDIA_LIBRARY_TIMEOUT_MS,
        url: options.url,
        queue: options.queue ?? MEDIA_LIBRARY_QUEUE,
        timeoutMs: options.timeoutMs ?? 3000,
      }),
      exports: [MediaLibrary],
    };
  }
}
