import { RmqRecord, type RmqContext } from '@nestjs/microservices';
import type { Message } from 'amqplib';
import { currentRequestId, REQUEST_ID_HEADER } from '@app/observability';

/**
 * A message to another service, carrying the current request's id in its headers so one user
 * action can be followed across the services' logs.
 */
export function outgoing<T>(payload: T, options: { expiration?: string } = {}): RmqRecord<T> {
  const requestId = currentRequestId();
  return new RmqRecord(payload, {
    ...options,
    ...(requestId ? { headers: { [REQUEST_ID_HEADER]: requestId } } : {}),
  });
}

/** The request id a received message carries, if any. */
export function requestIdOfMessage(context: RmqContext): string | undefined {
  const message = context.getMessage() as Message;
  const value: unknown = message.properties.headers?.[REQUEST_ID_HEADER];
  return typeof value === 'string' ? value : undefined;
}
