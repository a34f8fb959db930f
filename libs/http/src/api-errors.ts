import { HttpException, HttpStatus } from '@nestjs/common';
import type { ApiErrorBody } from '@app/contracts';

/** 429 with the wait in `details.retryAfterSec`; the filter turns it into a `Retry-After` header. */
export class TooManyRequestsError extends HttpException {
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterSec: number, details: Record<string, unknown> = {}) {
    const body: ApiErrorBody = {
      statusCode: HttpStatus.TOO_MANY_REQUESTS,
      code: 'rate_limited',
      error: 'Too Many Requests',
      message,
      details: { retryAfterSec: Math.max(1, Math.ceil(retryAfterSec)), ...details },
    };
    super(body, HttpStatus.TOO_MANY_REQUESTS);
    this.retryAfterMs = Math.max(1, Math.ceil(retryAfterSec * 1000));
  }
}
