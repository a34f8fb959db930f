import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { ERROR_CODES, type ApiErrorBody, type ErrorCode } from '@app/contracts';
import { ERROR_EXAMPLES, errorExample, type DocumentedErrorStatus } from './api-error.examples';

export class ApiErrorDto implements ApiErrorBody {
  @ApiProperty({ example: 404 })
  statusCode!: number;

  @ApiProperty({
    enum: Object.keys(ERROR_CODES),
    example: 'not_found',
    description:
      "Machine-readable, the same vocabulary as socket acks: the status's own code, or a more precise one (`not_a_member`, `blocked` for some 403s)",
  })
  code!: ErrorCode;

  @ApiProperty({ example: 'Not Found' })
  error!: string;

  @ApiProperty({ example: 'Chat not found' })
  message!: string;

  @ApiPropertyOptional({
    description:
      'For 400: `[{ field, messages }]`; for 429: `{ retryAfterSec }`; for 415: `{ acceptedTypes }`',
  })
  details?: unknown;
}

const DESCRIPTIONS: Record<DocumentedErrorStatus, string> = {
  400: 'Invalid input (`validation_failed`); `details` lists each offending field',
  401: 'Not signed in, or the token or code is wrong or expired (`unauthorized`)',
  403: 'Signed in but not allowed: `forbidden`, or `not_a_member` (not in that chat), or `blocked` (a block stands between you and that person)',
  404: 'Not found, or not visible to you (`not_found`)',
  409: 'Conflicts with existing data (`conflict`)',
  413: 'Too large (`too_large`)',
  415: 'Not an accepted file type (`unsupported_type`)',
  416: 'A byte range past the end of the file (`range_not_satisfiable`)',
  429: 'Rate limited (`rate_limited`); `Retry-After` and `details.retryAfterSec` say when to retry',
  503: 'A service this request needs is unavailable (`unavailable`); retry shortly',
};

/** What a route says of one error status beyond the defaults: its own wording and example. */
export interface ApiErrorOptions {
  description?: string;
  /** The message this route gives, when the status's usual example would mislead. */
  message?: string;
  /** With `message`: a more precise code than the status's own. */
  code?: ErrorCode;
  details?: unknown;
}

/** One documented error response: the `ApiErrorDto` shape with an example of its own status. */
export const ApiError = (status: DocumentedErrorStatus, options: ApiErrorOptions = {}) =>
  ApiResponse({
    status,
    description: options.description ?? DESCRIPTIONS[status],
    type: ApiErrorDto,
    example:
      options.message === undefined
        ? ERROR_EXAMPLES[status]
        : errorExample(status, options.message, { code: options.code, details: options.details }),
  });

/** Documents the error responses a route can give, each with an example of its own status. */
export const ApiErrors = (...statuses: DocumentedErrorStatus[]) =>
  applyDecorators(...statuses.map((status) => ApiError(status)));
