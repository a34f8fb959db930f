import { STATUS_CODES } from 'node:http';
import type { ApiErrorBody, ErrorCode } from '@app/contracts';
import { generalErrorCode } from './error-code';

/** The error statuses routes document; each has an example below. */
export type DocumentedErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 416 | 429 | 503;

/** A body as the exception filter would send it, for the status's own code unless told. */
export const errorExample = (
  statusCode: DocumentedErrorStatus,
  message: string,
  extra: { code?: ErrorCode; details?: unknown } = {},
): ApiErrorBody => ({
  statusCode,
  code: extra.code ?? generalErrorCode(statusCode),
  error: STATUS_CODES[statusCode] ?? 'Error',
  message,
  ...(extra.details === undefined ? {} : { details: extra.details }),
});

/**
 * What Swagger shows for each documented error status: a real message the API gives for it (the
 * 403 the commonest one, a write to a chat one is not in), so that no status borrows another's.
 */
export const ERROR_EXAMPLES: Record<DocumentedErrorStatus, ApiErrorBody> = {
  400: errorExample(400, 'Validation failed: id must be a UUID', {
    details: [{ field: 'id', messages: ['id must be a UUID'] }],
  }),
  401: errorExample(401, 'Sign-in required: send a Bearer token or the access_token cookie'),
  403: errorExample(403, 'You are not a member of this chat', { code: 'not_a_member' }),
  404: errorExample(404, 'Chat not found'),
  409: errorExample(
    409,
    'That upload was already sent or made an avatar; upload it again to use it again',
  ),
  413: errorExample(413, 'The request body is too large'),
  415: errorExample(
    415,
    "The file is not a JPEG, PNG, GIF or WebP image. Accepted: image/jpeg, image/png, image/gif, image/webp (judged by the file's content, not its name or declared type)",
    { details: { acceptedTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] } },
  ),
  416: errorExample(416, 'The range starts past the end of the file'),
  429: errorExample(429, 'Too many requests from your address: at most 300 per 60 s', {
    details: { retryAfterSec: 12 },
  }),
  503: errorExample(503, 'A service this needs is unavailable for a moment; try again shortly'),
};
