import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { ChatModule } from './chat/chat.module';
import { MailModule } from './mail/mail.module';
import { MediaModule } from './media/media.module';
import { inProcess, PortsModule } from './ports.module';
import { PlatformModule } from './platform.module';
import { PushModule } from './push/push.module';
import { UsersModule } from './users/users.module';

/** The single process: every domain module, each port served in process. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config),
        PortsModule.bind({
          UserDirectory: inProcess(UsersModule),
          MediaLibrary: inProcess(MediaModule),
          MediaAccess: inProcess(ChatModule),
          LinkPreviewImages: inProcess(MediaModule),
          MailQueue: inProcess(MailModule.forRoot(config)),
          PushNotifications: inProcess(PushModule.forRoot(config)),
        }),
      ],
    };
  }
}
