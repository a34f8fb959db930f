import type { NewSignInRequest, OtpMailRequest, UnreadNotificationRequest } from '@app/contracts';

/** What the queue carries: everything needed to render and send one e-mail. */
export type MailJob =
  | { kind: 'otp'; request: OtpMailRequest }
  | { kind: 'unread'; request: UnreadNotificationRequest }
  | { kind: 'sign-in'; request: NewSignInRequest };

/** Deterministic, so a duplicate enqueue of the same e-mail is the same job (BullMQ ids cannot hold ':'). */
export function mailJobId(job: MailJob): string {
  return `${job.kind}-${job.request.idempotencyKey}`.replace(/:/g, '_');
}

export interface MailRetryPolicy {
  attempts: number;
  backoffMs: number;
}

/** Exponential backoff: the wait before attempt n+1 (n ≥ 1) is backoff × 2^(n−1). */
export const retryDelayMs = (policy: MailRetryPolicy, attemptsMade: number) =>
  policy.backoffMs * 2 ** (attemptsMade - 1);
