import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job, MinimalJob } from 'bullmq';
import { PushCounters } from '../push-counters';
import { PushDelivery } from '../push-delivery';
import { PUSH_BULL_CONFIG, PUSH_QUEUE, pushRetryDelayMs, type PushJob } from '../push-job';

/** BullMQ's custom backoff: the first retry after the job's `backoff.delay`, doubling after. */
function pushBackoff(
  attemptsMade: number,
  _type?: string,
  error?: Error,
  job?: MinimalJob,
): number {
  const backoff = job?.opts.backoff;
  const backoffMs = typeof backoff === 'object' ? (backoff.delay ?? 1000) : 1000;
  return pushRetryDelayMs({ attempts: 0, backoffMs }, attemptsMade, error);
}

/** The BullMQ worker of push jobs, on every instance that hosts push. */
@Processor(
  { name: PUSH_QUEUE, configKey: PUSH_BULL_CONFIG },
  { concurrency: 10, settings: { backoffStrategy: pushBackoff } },
)
export class PushWorker extends WorkerHost {
  private readonly logger = new Logger('Push');

  constructor(
    private readonly delivery: PushDelivery,
    private readonly counters: PushCounters,
  ) {
    super();
  }

  process(job: Job<PushJob>): Promise<void> {
    return this.delivery.run(job.data);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<PushJob> | undefined, error: Error): void {
    if (!job) return;
    const context = { jobId: job.id, reason: error.message, attemptsMade: job.attemptsMade };
    if (job.attemptsMade >= (job.opts.attempts ?? 1)) {
      if (job.data.kind === 'deliver') this.counters.failed.inc({ reason: 'attempts' });
      this.logger.error(context, `Push job failed for good after ${job.attemptsMade} attempts`);
    } else {
      this.logger.warn(context, `Push attempt ${job.attemptsMade} failed; BullMQ retries it`);
    }
  }
}
