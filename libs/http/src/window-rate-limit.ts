import type { KeyValueStore } from '@app/kv';
import { TooManyRequestsError } from './api-errors';

export interface WindowLimit {
  /** KV key of the counter, e.g. `rate:messages:<userId>`. */
  key: string;
  limit: number;
  windowMs: number;
  /** Plural noun for the error message: "Too many messages: at most 30 per 10 s". */
  what: string;
}

/**
 * Counts one more action in a fixed window shared by every instance through the KV store, and
 * responds 429 with the wait once the limit is passed.
 */
export async function consumeWindowLimit(kv: KeyValueStore, rule: WindowLimit): Promise<void> {
  const counter = await kv.increment(rule.key, rule.windowMs);
  if (counter.value > rule.limit) {
    throw new TooManyRequestsError(
      `Too many ${rule.what}: at most ${rule.limit} per ${rule.windowMs / 1000} s`,
      counter.ttlMs / 1000,
    );
  }
}
