import { BullModule } from '@nestjs/bullmq';
import {
  DynamicModule,
  Inject,
  Module,
  OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { join } from 'node:path';
import { AdapterChoices, APP_CONFIG, type AppConfig } from '@app/config';
import { MAIL_QUEUE, MailQueue } from '@app/contracts';
import { HealthModule, HealthRegistry, MetricsModule } from '@app/observability';
import { bullConnection } from '@app/kv';
import { BullMqMailQueue } from './bullmq/bullmq-mail-queue';
import { MailWorker } from './bullmq/mail.worker';
import { LocalMailQueue } from './local/local-mail-queue';
import { MailDelivery } from './mail-delivery';
import { MailCounters } from './mail-counters';
import { MailQueueGauge, MailQueueStats } from './mail-queue-gauge';
import { MailTransport } from './transports/mail.transport';
import { OutboxTransport } from './transports/outbox.transport';
import { SmtpTransport } from './transports/smtp.transport';

function transportFor(config: AppConfig): MailTransport {
  return config.mail.smtpUrl
    ? new SmtpTransport(config.mail.smtpUrl, config.mail.from)
    : new OutboxTransport(join(config.dataDir, 'outbox'), config.mail.from);
}

/**
 * Provides `MailQueue` to the other domains (bound in `PortsModule`). With `REDIS_URL`: BullMQ
 * jobs and a worker. Without: the same delivery and retry policy in this process. Either way:
 * SMTP (`SMTP_URL`) or the outbox. The queue is chosen here, from the config given, because it
 * decides what this module imports (BullMQ); the transport is chosen like every other adapter.
 */
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
    const queued = config.kv.kind === 'redis' ? 'BullMQ' : 'this process';
    const common: Provider[] = [
      {
        provide: MailTransport,
        inject: [APP_CONFIG, AdapterChoices],
        useFactory: (appConfig: AppConfig, choices: AdapterChoices) => {
          const transport = transportFor(appConfig);
          choices.record('mail', `${transport.kind}, queued in ${queued}`);
          return transport;
        },
      },
      MailDelivery,
      MailCounters,
      MailQueueGauge,
    ];
    if (config.kv.kind === 'redis') {
      return {
        module: MailModule,
        imports: [
          HealthModule,
          MetricsModule,
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
      imports: [HealthModule, MetricsModule],
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
