import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { HealthModule } from '@app/health';
import { RateLimitModule } from '@app/http';
import { KvModule } from '@app/kv';
import { LoggingModule } from '@app/logging';
import { MetricsModule } from '@app/metrics';
import { ChatModule } from './chat/chat.module';
import { InProcessPortsModule } from './in-process-ports.module';
import { MailModule } from './mail/mail.module';
import { MediaModule } from './media/media.module';
import { UsersModule } from './users/users.module';

/** The single process: every domain module with the in-process bindings of the ports. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config.logLevel),
        HealthModule,
        DatabaseModule.forRoot(config.database),
        KvModule.forRoot(config.kv),
        RateLimitModule,
        AuthModule,
        MetricsModule,
        MailModule.forRoot(config),
        UsersModule,
        ChatModule,
        MediaModule,
        InProcessPortsModule,
      ],
    };
  }
}
