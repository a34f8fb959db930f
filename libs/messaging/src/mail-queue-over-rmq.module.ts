import { Inject, Module, type DynamicModule } from '@nestjs/common';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { MAIL_DEAD_LETTER_QUEUE, MAIL_REQUESTS_QUEUE, MailQueue } from '@app/contracts';
import { eventQueueOptions } from './rmq-options';
import { MAIL_QUEUE_CLIENT, MAIL_QUEUE_TIMEOUT_MS, RmqMailQueue } from './rmq-mail-queue';
import { ClosesRmqClient } from './rpc-client.module';

export interface MailQueueOverRmqOptions {
  url: string;
  /** Queue names; tests use their own. */
  queue?: string;
  deadLetterQueue?: string;
  /** How long to wait for the broker's confirmation before answering 503; 5 s by default. */
  timeoutMs?: number;
}

/** Binds `MailQueue` to mail-service over RabbitMQ, for the apps that do not host mail. */
@Module({})
export class MailQueueOverRmqModule extends ClosesRmqClient {
  constructor(@Inject(MAIL_QUEUE_CLIENT) client: ClientProxy) {
    super(client);
  }

  static forRoot(options: MailQueueOverRmqOptions): DynamicModule {
    const queue = options.queue ?? MAIL_REQUESTS_QUEUE;
    const deadLetterQueue = options.deadLetterQueue ?? MAIL_DEAD_LETTER_QUEUE;
    return {
      module: MailQueueOverRmqModule,
      providers: [
        {
          provide: MAIL_QUEUE_CLIENT,
          useFactory: () => {
            const { options: rmq } = eventQueueOptions(options.url, queue, deadLetterQueue);
            // Nest applies `noAck` to the client's reply-queue consumer too, where the broker
            // refuses manual acknowledgements; a publisher acknowledges nothing.
            return ClientProxyFactory.create({
              transport: Transport.RMQ,
              options: { ...rmq, noAck: true },
            });
          },
        },
        { provide: MAIL_QUEUE_TIMEOUT_MS, useValue: options.timeoutMs ?? 5000 },
        { provide: MailQueue, useClass: RmqMailQueue },
      ],
      exports: [MailQueue],
    };
  }
}
