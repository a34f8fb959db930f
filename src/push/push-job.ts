import type { PushPayload } from '@app/contracts';

/** The BullMQ queue of push work (and the name of the in-process one). */
export const PUSH_QUEUE = 'push';
/** Push's own BullMQ connection settings, apart from mail's (BullModule.forRoot by name). */
export const PUSH_BULL_CONFIG = 'push';

export type PushUrgency = 'high' | 'normal';

/**
 * `collect`: turn what is pending for one person in one chat into one notification (a burst is
 * one). `deliver`: send one notification to one device, retried on its own. `retract`: take a
 * chat's notification down on every device of the person.
 */
export type PushJob =
  | { kind: 'collect'; userId: string; chatId: string }
  | {
      kind: 'deliver';
      subscriptionId: string;
      payload: PushPayload;
      urgency: PushUrgency;
      topic: string;
    }
  | { kind: 'retract'; userId: string; chatId: string; messageId: string };

export interface PushJobOptions {
  /**
   * The same id while a job waits means one job (BullMQ's deduplication; the local queue's too).
   * BullMQ refuses ids with a colon, its key separator: parts are joined with dots.
   */
  jobId: string;
  delayMs: number;
}

/** Where push work waits: BullMQ on Redis, or this process. Either retries `deliver` jobs. */
export abstract class PushQueue {
  abstract add(job: PushJob, options: PushJobOptions): Promise<void>;
}

/** The push service is busy or failing (429, 5xx, no answer): try again later. */
export class RetryablePushError extends Error {
  constructor(
    message: string,
    /** What the push service asked for with Retry-After, in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RetryablePushError';
  }
}

export interface PushRetryPolicy {
  attempts: number;
  backoffMs: number;
}

/** Exponential backoff, but never sooner than the push service asked for. */
export function pushRetryDelayMs(
  policy: PushRetryPolicy,
  attemptsMade: number,
  error: unknown,
): number {
  const backoff = policy.backoffMs * 2 ** Math.max(0, attemptsMade - 1);
  const asked = error instanceof RetryablePushError ? (error.retryAfterMs ?? 0) : 0;
  return Math.min(Math.max(backoff, asked), 3600_000);
}
