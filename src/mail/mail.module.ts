import { BullModule } from '@nestjs/bullmq';
import {
  DynamicModule,
  Global,
  Inject,
  Module,
  OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { join } from 'node:path';
import type { AppConfig } from '@app/config';
import { MAIL_QUEUE, MailQueue } from '@app/contracts';
import { HealthRegistry } from '@app/health';
import { bullConnection } from './bullmq/bullmq-connection';
import { BullMqMailQueue } from './bullmq/bullmq-mail.queue';
import { MailWorker } from './bullmq/mail.worker';
import { LocalMailQueue } from './local/local-mail.queue';
import { MailDelivery } from './mail-delivery.service';
import { MailCounters, MailQueueGauge, MailQueueStats } from './mail-metrics';
import { MailTransport } from './transports/mail.transport';
import { OutboxTransport } from './transports/outbox.transport';
import { SmtpTransport } from './transports/smtp.transport';

function transportFor(config: AppConfig): MailTransport {
  return config.mail.smtpUrl
    ? new SmtpTransport(config.mail.smtpUrl, config.mail.from)
    : new OutboxTransport(join(config.dataDir, 'outbox'), config.mail.from);
}

/**
 * Provides `MailQueue` to the other domains. With `REDIS_URL`: BullMQ jobs and a worker. Without:
 * the same delivery and retry policy in this process. Either way: SMTP (`SMTP_URL`) or the outbox.
 */
@Global()
@Module({})
export class MailModule implements OnApplicationShutdown {
  constructor(
    @Inject(MailTransport) private readonly transport: MailTransport,
    stats: MailQueueStats,
    health: HealthRegistry,
    // Instantiated here so the gauge is registered even though nothing injects it.
    _gauge: MailQueueGauge,
  ) {
    health.register({
      name: 'mail',
      kind: transport.kind,
      probe: async () => void (await stats.counts()),
    });
  }

  static forRoot(config: AppConfig): DynamicModule {
    const common: Provider[] = [
      { provide: MailTransport, useFactory: () => transportFor(config) },
      MailDelivery,
      MailCounters,
      MailQueueGauge,
    ];
    if (config.kv.kind === 'redis') {
      return {
        module: MailModule,
        imports: [
          BullModule.forRoot({
            connection: bullConnection(config.kv.url),
            prefix: `${config.kv.keyPrefix}bull`,
          }),
          BullModule.registerQueue({ name: MAIL_QUEUE }),
        ],
        providers: [
          ...common,
          BullMqMailQueue,
          MailWorker,
          { provide: MailQueue, useExisting: BullMqMailQueue },
          { provide: MailQueueStats, useExisting: BullMqMailQueue },
        ],
        exports: [MailQueue],
      };
    }
    return {
      module: MailModule,
      providers: [
        ...common,
        LocalMailQueue,
        { provide: MailQueue, useExisting: LocalMailQueue },
        { provide: MailQueueStats, useExisting: LocalMailQueue },
      ],
      exports: [MailQueue],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}
