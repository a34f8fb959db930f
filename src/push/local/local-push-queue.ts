import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { PushCounters } from '../push-counters';
import {
  PushQueue,
  pushRetryDelayMs,
  type PushJob,
  type PushJobOptions,
  type PushRetryPolicy,
} from '../push-job';

export type PushJobHandler = (job: PushJob) => Promise<void>;

/**
 * The single-process push queue (no Redis): delays, de-duplication by job id while a job waits,
 * and the same attempts and backoff as the BullMQ worker. Jobs live in memory: a process exit
 * drops those not yet sent (a notification is a hint; the messages themselves are stored).
 */
@Injectable()
export class LocalPushQueue extends PushQueue implements OnApplicationShutdown {
  private readonly logger = new Logger('Push');
  private readonly policy: PushRetryPolicy;
  private readonly waiting = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private handler?: PushJobHandler;
  private closing = false;

  constructor(
    private readonly counters: PushCounters,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.policy = { attempts: config.push.attempts, backoffMs: config.push.backoffMs };
  }

  /** The worker that runs the jobs (set once at boot: the delivery itself queues jobs). */
  process(handler: PushJobHandler): void {
    this.handler = handler;
  }

  async add(job: PushJob, options: PushJobOptions): Promise<void> {
    if (this.closing || this.waiting.has(options.jobId)) return;
    this.schedule(job, options.jobId, 1, options.delayMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.waiting.forEach(clearTimeout);
    if (this.waiting.size > 0) this.logger.warn(`${this.waiting.size} push job(s) dropped at exit`);
    this.waiting.clear();
    await Promise.all(this.inFlight);
  }

  private schedule(job: PushJob, jobId: string, attempt: number, delayMs: number): void {
    const timer = setTimeout(() => {
      this.waiting.delete(jobId);
      this.attempt(job, jobId, attempt);
    }, delayMs);
    this.waiting.set(jobId, timer);
  }

  private attempt(job: PushJob, jobId: string, attempt: number): void {
    if (this.closing || !this.handler) return;
    const run = this.handler(job)
      .catch((error: unknown) => this.failed(job, jobId, attempt, error))
      .finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  private failed(job: PushJob, jobId: string, attempt: number, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    if (attempt >= this.policy.attempts) {
      if (job.kind === 'deliver') this.counters.failed.inc({ reason: 'attempts' });
      this.logger.error({ jobId, reason, attempt }, `Push job failed for good (${job.kind})`);
      return;
    }
    const delay = pushRetryDelayMs(this.policy, attempt, error);
    this.logger.warn({ jobId, reason, attempt }, `Push job failed; retrying in ${delay} ms`);
    this.schedule(job, jobId, attempt + 1, delay);
  }
}
