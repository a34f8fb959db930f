import { ERROR_CODES, isErrorCode } from '@app/contracts';
import { ApiError } from '../api/http';
import { RealtimeError } from '../state/realtime-link';

/**
 * Statuses whose refusals sending again cannot change: invalid, not allowed (blocked, not a
 * member), gone, conflicting, too large, not an image.
 */
const FOR_GOOD_STATUSES = new Set([400, 403, 404, 409, 413, 415]);

/**
 * Whether a failed send was refused for good. Those get no Retry (it could never work); a lost
 * connection, a busy server or a rate limit may pass on a later try. A socket refusal is judged
 * by its code's status (the contracts' table), so a code refining one (`blocked`, `not_a_member`
 * for 403) counts as the status does.
 */
export function refusedForGood(error: unknown): boolean {
  if (error instanceof RealtimeError) {
    return isErrorCode(error.code) && FOR_GOOD_STATUSES.has(ERROR_CODES[error.code].status);
  }
  if (error instanceof ApiError) return FOR_GOOD_STATUSES.has(error.status);
  return false;
}
