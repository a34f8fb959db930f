import { ServiceUnavailableException } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { outgoing } from './request-id-header';

/** Raised by a peer's handler: a bug there, not an outage, so it is not turned into a 503. */
export class RemoteHandlerError extends Error {}

/**
 * One request/response over RabbitMQ. A peer that is down, unreachable or slower than
 * `timeoutMs` becomes a 503 for the caller (never a hang); the request expires in the queue at
 * the same moment.
 */
export async function request<T>(
  client: ClientProxy,
  service: string,
  pattern: string,
  payload: object,
  timeoutMs: number,
): Promise<T> {
  const record = outgoing(payload, { expiration: String(timeoutMs) });
  try {
    return await firstValueFrom(client.send<T>(pattern, record).pipe(timeout(timeoutMs)));
  } catch (error) {
    if (isRemoteError(error)) {
      throw new RemoteHandlerError(`${service} failed to answer ${pattern}: ${error.message}`);
    }
    throw new ServiceUnavailableException(
      error instanceof TimeoutError
        ? `The ${service} did not answer in time; try again shortly`
        : `The ${service} cannot be reached; try again shortly`,
    );
  }
}

/** What Nest's RMQ client emits when the remote handler threw: `{ status: 'error', message }`. */
function isRemoteError(error: unknown): error is { message: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    !(error instanceof Error) &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}
