import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { connect, type AmqpConnectionManager } from 'amqp-connection-manager';
import { HealthModule, HealthRegistry } from '@app/observability';

const BROKER_CONNECTION = Symbol('BROKER_CONNECTION');

/**
 * `rabbitmq` in `/health/ready`: one watching connection that reconnects by itself, so readiness
 * reports the broker's state without opening a connection per probe.
 */
@Module({})
export class BrokerHealthModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(BROKER_CONNECTION) private readonly connection: AmqpConnectionManager,
    private readonly health: HealthRegistry,
  ) {}

  static forRoot(url: string): DynamicModule {
    return {
      module: BrokerHealthModule,
      imports: [HealthModule],
      providers: [
        {
          provide: BROKER_CONNECTION,
          useFactory: () => connect([url], { reconnectTimeInSeconds: 1 }),
        },
      ],
    };
  }

  onModuleInit(): void {
    this.health.register({
      name: 'rabbitmq',
      kind: 'rabbitmq',
      probe: () =>
        this.connection.isConnected()
          ? Promise.resolve()
          : Promise.reject(new Error('not connected to the broker; reconnecting')),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
