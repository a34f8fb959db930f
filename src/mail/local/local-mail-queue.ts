import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  MailQueue,
  type NewSignInRequest,
  type OtpMailRequest,
  type UnreadNotificationRequest,
} from '@app/contracts';
import { MailDelivery } from '../mail-delivery';
import { mailJobId, retryDelayMs, type MailJob, type MailRetryPolicy } from '../mail-job';
import { MailCounters } from '../mail-counters';
import { MailQueueStats, type MailQueueCounts } from '../mail-queue-gauge';

/** A job id is remembered this long, so a duplicate enqueue within it sends nothing. */
const DEDUPLICATION_MS = 24 * 3600_000;

/**
 * The single-process binding of `MailQueue` (no Redis): the same delivery, attempts and backoff
 * as the BullMQ worker, run in this process. Jobs live in memory: a process exit loses those not
 * yet delivered (the README says so).
 */
@Injectable()
export class LocalMailQueue extends MailQueue implements MailQueueStats, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly policy: MailRetryPolicy;
  private readonly seen = new Map<string, number>();
  private readonly retries = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly tally: MailQueueCounts = {
    waiting: 0,
    active: 0,
    delayed: 0,
    failed: 0,
    completed: 0,
  };
  private closing = false;

  constructor(
    private readonly delivery: MailDelivery,
    private readonly metrics: MailCounters,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.policy = { attempts: config.mail.attempts, backoffMs: config.mail.backoffMs };
  }

  async enqueueOtp(request: OtpMailRequest): Promise<void> {
    this.enqueue({ kind: 'otp', request });
  }

  async enqueueUnreadNotification(request: UnreadNotificationRequest): Promise<void> {
    this.enqueue({ kind: 'unread', request });
  }

  async enqueueNewSignIn(request: NewSignInRequest): Promise<void> {
    this.enqueue({ kind: 'sign-in', request });
  }

  async counts(): Promise<MailQueueCounts> {
    return { ...this.tally };
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.retries.size > 0)
      this.logger.warn(`${this.retries.size} e-mail(s) waiting for a retry are dropped at exit`);
    this.retries.forEach(clearTimeout);
    await Promise.all(this.inFlight);
  }

  private enqueue(job: MailJob): void {
    const jobId = mailJobId(job);
    this.forgetOldIds();
    if (this.seen.has(jobId)) return;
    this.seen.set(jobId, Date.now() + DEDUPLICATION_MS);
    this.tally.waiting += 1;
    setImmediate(() => {
      this.tally.waiting -= 1;
      this.attempt(job, jobId, 1);
    });
  }

  private attempt(job: MailJob, jobId: string, attempt: number): void {
    if (this.closing) return;
    this.tally.active += 1;
    const run = this.delivery
      .deliver(job, jobId)
      .then(() => {
        this.tally.completed += 1;
      })
      .catch((error: unknown) => this.failed(job, jobId, attempt, error))
      .finally(() => {
        this.tally.active -= 1;
        this.inFlight.delete(run);
      });
    this.inFlight.add(run);
  }

  private failed(job: MailJob, jobId: string, attempt: number, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    if (attempt >= this.policy.attempts) {
      this.tally.failed += 1;
      this.metrics.failedForGood.inc();
      this.logger.error(
        { jobId, reason, attemptsMade: attempt },
        `E-mail failed for good after ${attempt} attempts`,
      );
      return;
    }
    const delay = retryDelayMs(this.policy, attempt);
    this.logger.warn(
      { jobId, reason, attempt },
      `E-mail attempt ${attempt} failed; retrying in ${delay} ms`,
    );
    this.tally.delayed += 1;
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      this.tally.delayed -= 1;
      this.attempt(job, jobId, attempt + 1);
    }, delay);
    this.retries.add(timer);
  }

  private forgetOldIds(): void {
    const now = Date.now();
    for (const [id, expiry] of this.seen) if (expiry <= now) this.seen.delete(id);
  }
}
