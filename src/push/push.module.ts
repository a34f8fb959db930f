import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module, type Provider } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { AdapterChoices, APP_CONFIG, type AppConfig } from '@app/config';
import { PushNotifications } from '@app/contracts';
import { bullConnection, KvModule } from '@app/kv';
import { MetricsModule } from '@app/observability';
import { BullMqPushQueue } from './bullmq/bullmq-push-queue';
import { PushWorker } from './bullmq/push.worker';
import { PushController } from './http/push.controller';
import { LocalPushQueue } from './local/local-push-queue';
import { PushBacklogRepository } from './persistence/push-backlog.repository';
import { PushSettingsRepository } from './persistence/push-settings.repository';
import { PushSubscriptionsRepository } from './persistence/push-subscriptions.repository';
import { PushCounters } from './push-counters';
import { PushDelivery } from './push-delivery';
import { pushEndpointPolicy } from './push-endpoint-policy';
import { PUSH_BULL_CONFIG, PUSH_QUEUE, PushQueue } from './push-job';
import { PushNotifier } from './push-notifier';
import { PushSender } from './push-sender';
import { PushSessionSweeper } from './push-session-sweeper';
import { PushSettingsService } from './push-settings.service';
import { PushSubscriptionsService } from './push-subscriptions.service';
import { PUSH_ENDPOINT_POLICY } from './push-tokens';
import { VapidKeys } from './vapid-keys';

/**
 * Web Push: devices registered per session, preferences, and delivery through a queue with
 * retries. Offers `PushNotifications` (bound in `PortsModule`) to chat, in the same app: the
 * single process, or chat-service in the split deployment. With `REDIS_URL` the queue is BullMQ
 * (any instance collects and sends); without, this process.
 */
@Module({})
export class PushModule {
  static forRoot(config: AppConfig): DynamicModule {
    const common: Provider[] = [
      {
        provide: VapidKeys,
        inject: [APP_CONFIG, AdapterChoices],
        useFactory: (appConfig: AppConfig, choices: AdapterChoices) => {
          const keys = VapidKeys.load(appConfig);
          const where = appConfig.push.vapid ? 'configured keys' : 'keys kept in DATA_DIR';
          const queued = appConfig.kv.kind === 'redis' ? 'BullMQ' : 'this process';
          choices.record('push', `${where}, queued in ${queued}`);
          return keys;
        },
      },
      { provide: PUSH_ENDPOINT_POLICY, inject: [APP_CONFIG], useFactory: pushEndpointPolicy },
      PushSubscriptionsRepository,
      PushSettingsRepository,
      PushBacklogRepository,
      PushSubscriptionsService,
      PushSettingsService,
      PushNotifier,
      PushSender,
      PushDelivery,
      PushCounters,
      PushSessionSweeper,
      { provide: PushNotifications, useExisting: PushNotifier },
    ];
    const base = {
      module: PushModule,
      controllers: [PushController],
      exports: [PushNotifications],
    };
    if (config.kv.kind === 'redis') {
      return {
        ...base,
        imports: [
          KvModule,
          AuthModule,
          MetricsModule,
          BullModule.forRoot(PUSH_BULL_CONFIG, {
            connection: bullConnection(config.kv.url),
            prefix: `${config.kv.keyPrefix}bull`,
          }),
          BullModule.registerQueue({ name: PUSH_QUEUE, configKey: PUSH_BULL_CONFIG }),
        ],
        providers: [
          ...common,
          BullMqPushQueue,
          PushWorker,
          { provide: PushQueue, useExisting: BullMqPushQueue },
        ],
      };
    }
    return {
      ...base,
      imports: [KvModule, AuthModule, MetricsModule],
      providers: [
        ...common,
        LocalPushQueue,
        { provide: PushQueue, useExisting: LocalPushQueue },
        {
          // The local queue runs jobs through the delivery, which itself queues `deliver` jobs.
          provide: 'LOCAL_PUSH_WORKER',
          inject: [LocalPushQueue, PushDelivery],
          useFactory: (queue: LocalPushQueue, delivery: PushDelivery) =>
            queue.process((job) => delivery.run(job)),
        },
      ],
    };
  }
}
