import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { BrokerHealthModule, UserDirectoryOverRmqModule } from '@app/messaging';
import { MailModule } from '@src/mail/mail.module';
import { PlatformModule } from '@src/platform.module';
import { MailRequestsConsumer } from './mail-requests-consumer';
import { inProcess, overRabbitMq, PortsModule } from '@src/ports.module';

/**
 * The mail domain as its own app: consumes `mail.requested` into BullMQ and runs the worker that
 * sends. HTTP only for `/health` and `/metrics`. Addresses for reminders come from user-service.
 */
@Module({})
export class MailServiceModule {
  static forRoot(config: AppConfig, rabbitmqUrl: string): DynamicModule {
    return {
      module: MailServiceModule,
      imports: [
        PlatformModule.forRoot(config, { servesApi: false }),
        BrokerHealthModule.forRoot(rabbitmqUrl),
        PortsModule.bind({
          UserDirectory: overRabbitMq(UserDirectoryOverRmqModule.forRoot({ url: rabbitmqUrl })),
          MailQueue: inProcess(MailModule.forRoot(config)),
        }),
      ],
      controllers: [MailRequestsConsumer],
    };
  }
}
