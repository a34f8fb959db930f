import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { ERROR_CODES, type ApiErrorBody, type ErrorCode } from '@app/contracts';

export class ApiErrorDto implements ApiErrorBody {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({
    enum: Object.keys(ERROR_CODES),
    example: 'validation_failed',
    description:
      "Machine-readable, the same vocabulary as socket acks: the status's own code, or a more precise one (`not_a_member`, `blocked` for some 403s)",
  })
  code!: ErrorCode;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'Validation failed: email must be an email' })
  message!: string;

  @ApiPropertyOptional({
    description: 'For 400: `[{ field, messages }]`; for 429: `{ retryAfterSec }`',
    example: [{ field: 'email', messages: ['email must be an email'] }],
  })
  details?: unknown;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `details` lists each offending field',
  401: 'Not signed in, or the token or code is wrong or expired',
  403: 'Signed in but not allowed',
  404: 'Not found (or not visible to you)',
  409: 'Conflicts with existing data',
  413: 'The upload is too large',
  415: 'Not an accepted file type',
  429: 'Rate limited; `Retry-After` and `details.retryAfterSec` say when to retry',
  503: 'A service this request needs is unavailable; retry later',
};

/** Documents the error responses a route can give, all in the `ApiErrorDto` shape. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status], type: ApiErrorDto }),
    ),
  );
