import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import {
  BrokerHealthModule,
  MailQueueOverRmqModule,
  UserDirectoryOverRmqModule,
} from '@app/messaging';
import { ChatModule } from '@src/chat/chat.module';
import { MediaModule } from '@src/media/media.module';
import { PlatformModule } from '@src/platform.module';
import { PushModule } from '@src/push/push.module';
import { MediaLibraryRpcController } from './media-library-rpc.controller';
import { inProcess, overRabbitMq, PortsModule } from '@src/ports.module';

/**
 * The chat and media domains as one app, several instances at once: REST, Socket.IO (rooms shared
 * through Redis) and `MediaLibrary` for user-service over RabbitMQ. Profiles come from user-service
 * and e-mail goes to mail-service, both over RabbitMQ. Web Push is sent from here: every instance
 * runs the push worker of the shared BullMQ queue.
 */
@Module({})
export class ChatServiceModule {
  static forRoot(config: AppConfig, rabbitmqUrl: string): DynamicModule {
    return {
      module: ChatServiceModule,
      imports: [
        PlatformModule.forRoot(config),
        BrokerHealthModule.forRoot(rabbitmqUrl),
        PortsModule.bind({
          UserDirectory: overRabbitMq(UserDirectoryOverRmqModule.forRoot({ url: rabbitmqUrl })),
          MediaLibrary: inProcess(MediaModule),
          MediaAccess: inProcess(ChatModule),
          LinkPreviewImages: inProcess(MediaModule),
          MailQueue: overRabbitMq(MailQueueOverRmqModule.forRoot({ url: rabbitmqUrl })),
          PushNotifications: inProcess(PushModule.forRoot(config)),
        }),
      ],
      controllers: [MediaLibraryRpcController],
    };
  }
}
