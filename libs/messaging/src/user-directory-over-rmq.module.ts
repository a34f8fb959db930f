import { Inject, Module, type DynamicModule } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { USER_DIRECTORY_QUEUE, UserDirectory } from '@app/contracts';
import { ClosesRmqClient, rpcPortProviders } from './rpc-client.module';
import {
  RmqUserDirectory,
  USER_DIRECTORY_CLIENT,
  USER_DIRECTORY_TIMEOUT_MS,
} from './rmq-user-directory';

export interface UserDirectoryOverRmqOptions {
  url: string;
  /** The queue user-service answers on; tests use their own. */
  queue?: string;
  /** How long a caller waits before answering 503; 3 s by default. */
  timeoutMs?: number;
}

/** Binds `UserDirectory` to user-service over RabbitMQ, for the apps that do not host users. */
@Module({})
export class UserDirectoryOverRmqModule extends ClosesRmqClient {
  constructor(@Inject(USER_DIRECTORY_CLIENT) client: ClientProxy) {
    super(client);
  }

  static forRoot(options: UserDirectoryOverRmqOptions): DynamicModule {
    return {
      module: UserDirectoryOverRmqModule,
      providers: rpcPortProviders({
        port: UserDirectory,
        implementation: RmqUserDirectory,
        clientToken: USER_DIRECTORY_CLIENT,
        timeoutToken: USER_DIRECTORY_TIMEOUT_MS,
        url: options.url,
        queue: options.queue ?? USER_DIRECTORY_QUEUE,
        timeoutMs: options.timeoutMs ?? 3000,
      }),
      exports: [UserDirectory],
    };
  }
}
