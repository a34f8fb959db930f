import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { USER_DIRECTORY_QUEUE, UserDirectory } from '@app/contracts';
import { rpcQueueOptions } from './rmq-options';
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
@Global()
@Module({})
export class UserDirectoryOverRmqModule implements OnApplicationShutdown {
  constructor(@Inject(USER_DIRECTORY_CLIENT) private readonly client: ClientProxy) {}

  static forRoot(options: UserDirectoryOverRmqOptions): DynamicModule {
    const queue = options.queue ?? USER_DIRECTORY_QUEUE;
    return {
      module: UserDirectoryOverRmqModule,
      providers: [
        {
          provide: USER_DIRECTORY_CLIENT,
          useFactory: () => ClientProxyFactory.create(rpcQueueOptions(options.url, queue)),
        },
        { provide: USER_DIRECTORY_TIMEOUT_MS, useValue: options.timeoutMs ?? 3000 },
        { provide: UserDirectory, useClass: RmqUserDirectory },
      ],
      exports: [UserDirectory],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
