import type { HttpException } from '@nestjs/common';
import { ERROR_CODES, isErrorCode, type ErrorCode, type ErrorCodeDoc } from '@app/contracts';

/** Each status's general code: the code of `ERROR_CODES` with that status that refines none. */
const GENERAL_CODES = new Map<number, ErrorCode>(
  (Object.entries(ERROR_CODES) as [ErrorCode, ErrorCodeDoc][])
    .filter(([, doc]) => doc.refines === undefined)
    .map(([code, doc]) => [doc.status, code]),
);

/**
 * The code of an error whose status is all that is known. A status the vocabulary does not list
 * (a 4xx from a library, say) is still the client's request that cannot be taken, or our fault.
 */
export function generalErrorCode(status: number): ErrorCode {
  return GENERAL_CODES.get(status) ?? (status < 500 ? 'validation_failed' : 'internal');
}

/**
 * The body of an exception that names a code more precise than its status's general one:
 * `new ForbiddenException(coded('not_a_member', 'You are not a member of this chat'))`.
 */
export const coded = (code: ErrorCode, message: string): { code: ErrorCode; message: string } => ({
  code,
  message,
});

/**
 * The code of an HttpException, for REST bodies and socket acks alike: the one its body names
 * (`coded`) when that code goes with the exception's status, otherwise the status's general code.
 */
export function errorCodeOf(exception: HttpException): ErrorCode {
  const status = exception.getStatus();
  const response: unknown = exception.getResponse();
  const named =
    typeof response === 'object' && response !== null
      ? (response as { code?: unknown }).code
      : undefined;
  return isErrorCode(named) && ERROR_CODES[named].status === status
    ? named
    : generalErrorCode(status);
}
