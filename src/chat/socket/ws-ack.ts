import { HttpException, Logger, type Type } from '@nestjs/common';
import { isAckErrorCode, type Ack, type AckError } from '@app/contracts';
import {
  createValidationPipe,
  errorCodeOf,
  isServiceUnavailableError,
  SERVICE_UNAVAILABLE_MESSAGE,
  TooManyRequestsError,
} from '@app/http';

const logger = new Logger('Realtime');
const validation = createValidationPipe();

/** Validates a socket payload with the same rules (and error details) as a REST body. */
export async function validatePayload<T extends object>(
  dto: Type<T>,
  payload: unknown,
): Promise<T> {
  return (await validation.transform(payload ?? {}, { type: 'body', metatype: dto })) as T;
}

/** Runs a handler and builds its ack: `{ ok: true, data }` or a typed error; nothing is thrown into the void. */
export async function acknowledge<T>(work: () => Promise<T>): Promise<Ack<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    return { ok: false, error: toAckError(error) };
  }
}

function toAckError(error: unknown): AckError {
  if (error instanceof TooManyRequestsError) {
    return { code: 'rate_limited', message: error.message, retryAfterMs: error.retryAfterMs };
  }
  if (error instanceof HttpException) {
    // The code the REST error body would carry, a refinement (`not_a_member`, `blocked`) included;
    // a 500 is answered below, without its message.
    const code = errorCodeOf(error);
    if (isAckErrorCode(code) && code !== 'internal') {
      const body = error.getResponse() as { message?: unknown; details?: unknown } | string;
      const message =
        typeof body === 'string'
          ? body
          : typeof body.message === 'string'
            ? body.message
            : error.message;
      const details = typeof body === 'string' ? undefined : body.details;
      return details === undefined ? { code, message } : { code, message, details };
    }
  }
  if (isServiceUnavailableError(error)) {
    logger.warn({ err: error }, 'A backing service is unavailable');
    return { code: 'unavailable', message: SERVICE_UNAVAILABLE_MESSAGE };
  }
  logger.error({ err: error }, 'Socket handler failed');
  return { code: 'internal', message: 'Something went wrong on our side' };
}
