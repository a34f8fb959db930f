import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { ChatModule } from './chat/chat.module';
import { InProcessPortsModule } from './in-process-ports.module';
import { MailModule } from './mail/mail.module';
import { MediaModule } from './media/media.module';
import { PlatformModule } from './platform.module';
import { UsersModule } from './users/users.module';

/** The single process: every domain module with the in-process bindings of the ports. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config),
        MailModule.forRoot(config),
        InProcessPortsModule.of(UsersModule, ChatModule, MediaModule),
      ],
    };
  }
}
