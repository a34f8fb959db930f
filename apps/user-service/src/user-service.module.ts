import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import {
  BrokerHealthModule,
  MailQueueOverRmqModule,
  MediaLibraryOverRmqModule,
} from '@app/messaging';
import { PlatformModule } from '@src/platform.module';
import { UsersModule } from '@src/users/users.module';
import { UserDirectoryRpcController } from './user-directory-rpc.controller';
import { inProcess, overRabbitMq, PortsModule } from '@src/ports.module';

/**
 * The users domain as its own app: sign-in, tokens and profiles over HTTP, `UserDirectory` for the
 * other services over RabbitMQ. E-mail goes to mail-service and avatars are claimed from
 * chat-service (which hosts media), both over RabbitMQ.
 */
@Module({})
export class UserServiceModule {
  static forRoot(config: AppConfig, rabbitmqUrl: string): DynamicModule {
    return {
      module: UserServiceModule,
      imports: [
        PlatformModule.forRoot(config),
        BrokerHealthModule.forRoot(rabbitmqUrl),
        PortsModule.bind({
          UserDirectory: inProcess(UsersModule),
          MediaLibrary: overRabbitMq(MediaLibraryOverRmqModule.forRoot({ url: rabbitmqUrl })),
          MailQueue: overRabbitMq(MailQueueOverRmqModule.forRoot({ url: rabbitmqUrl })),
        }),
      ],
      controllers: [UserDirectoryRpcController],
    };
  }
}
