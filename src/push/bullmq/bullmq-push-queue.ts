import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { PUSH_QUEUE, PushQueue, type PushJob, type PushJobOptions } from '../push-job';

/**
 * Push work in BullMQ on Redis: any chat instance adds, any instance's worker runs it, and a job
 * id that is already waiting is not added twice (so one person's burst in one chat is one
 * `collect`, whichever instances stored its messages).
 */
@Injectable()
export class BullMqPushQueue extends PushQueue {
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(
    @InjectQueue(PUSH_QUEUE) private readonly queue: Queue<PushJob>,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.attempts = config.push.attempts;
    this.backoffMs = config.push.backoffMs;
  }

  async add(job: PushJob, options: PushJobOptions): Promise<void> {
    await this.queue.add(job.kind, job, {
      jobId: options.jobId,
      delay: options.delayMs,
      attempts: this.attempts,
      // The worker's `push` strategy: exponential from this delay, never sooner than Retry-After.
      backoff: { type: 'push', delay: this.backoffMs },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }
}
