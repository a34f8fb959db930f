import { Transport, type RmqOptions } from '@nestjs/microservices';

/** Requests in flight per consumer: bounds the work one instance takes from a queue at once. */
export const RPC_PREFETCH = 32;

/**
 * A request/response queue. Requests carry an expiry equal to the caller's timeout, so a
 * service that starts late never works on questions nobody waits for any more.
 */
export function rpcQueueOptions(url: string, queue: string): RmqOptions {
  return {
    transport: Transport.RMQ,
    options: {
      urls: [url],
      queue,
      queueOptions: { durable: true },
      noAck: true,
      prefetchCount: RPC_PREFETCH,
      persistent: false,
    },
  };
}

/** Unacknowledged events one consumer holds at once. */
export const EVENT_PREFETCH = 16;
/** Deliveries of one event before it is dead-lettered (its handler failed every time). */
export const EVENT_DELIVERY_LIMIT = 5;

/**
 * A durable event queue: a quorum queue (replicated where there are several brokers, and it
 * counts deliveries), persistent messages, acknowledgements only after the handler has done its
 * work, and a dead-letter queue for what fails `EVENT_DELIVERY_LIMIT` times or is refused.
 * Publisher and consumer declare it with these same arguments.
 */
export function eventQueueOptions(url: string, queue: string, deadLetterQueue: string): RmqOptions {
  return {
    transport: Transport.RMQ,
    options: {
      urls: [url],
      queue,
      queueOptions: {
        durable: true,
        arguments: {
          'x-queue-type': 'quorum',
          'x-delivery-limit': EVENT_DELIVERY_LIMIT,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': deadLetterQueue,
        },
      },
      noAck: false,
      prefetchCount: EVENT_PREFETCH,
      persistent: true,
    },
  };
}
