import { ApiError } from '../api/http';
import { RealtimeError } from '../state/realtime-link';

/** Refusals that sending again cannot change: blocked, not a member, gone, invalid, too large. */
const FOR_GOOD_CODES = new Set(['validation_failed', 'forbidden', 'not_found', 'conflict']);
const FOR_GOOD_STATUSES = new Set([400, 403, 404, 409, 413, 415]);

/**
 * Whether a failed send was refused for good. Those get no Retry (it could never work); a lost
 * connection, a busy server or a rate limit may pass on a later try.
 */
export function refusedForGood(error: unknown): boolean {
  if (error instanceof RealtimeError) return FOR_GOOD_CODES.has(error.code);
  if (error instanceof ApiError) return FOR_GOOD_STATUSES.has(error.status);
  return false;
}
