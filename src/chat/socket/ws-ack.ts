import { HttpException, HttpStatus, Logger, type Type } from '@nestjs/common';
import type { Ack, AckError, AckErrorCode } from '@app/contracts';
import {
  createValidationPipe,
  isServiceUnavailableError,
  SERVICE_UNAVAILABLE_MESSAGE,
  TooManyRequestsError,
} from '@app/http';

const CODES: Partial<Record<number, AckErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: 'validation_failed',
  [HttpStatus.UNAUTHORIZED]: 'unauthorized',
  [HttpStatus.FORBIDDEN]: 'forbidden',
  [HttpStatus.NOT_FOUND]: 'not_found',
  [HttpStatus.CONFLICT]: 'conflict',
  [HttpStatus.TOO_MANY_REQUESTS]: 'rate_limited',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'unavailable',
};

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
    const code = CODES[error.getStatus()];
    if (code) {
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
