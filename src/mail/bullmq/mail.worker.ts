import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { MAIL_QUEUE } from '@app/contracts';
import { MailDelivery } from '../mail-delivery';
import type { MailJob } from '../mail-job';
import { MailCounters } from '../mail-counters';

/**
 * The BullMQ worker. On shutdown Nest closes it, which waits for the active job to finish, so no
 * job is left in "active"; a crash is covered by BullMQ's stalled-job check.
 */
@Processor(MAIL_QUEUE, { concurrency: 5 })
export class MailWorker extends WorkerHost {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly delivery: MailDelivery,
    private readonly metrics: MailCounters,
  ) {
    super();
  }

  async process(job: Job<MailJob>): Promise<void> {
    await this.delivery.deliver(job.data, job.id ?? 'unknown');
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<MailJob> | undefined, error: Error): void {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    const context = { jobId: job.id, reason: error.message, attemptsMade: job.attemptsMade };
    if (job.attemptsMade >= attempts) {
      this.metrics.failedForGood.inc();
      this.logger.error(
        context,
        `E-mail failed for good after ${job.attemptsMade} attempts; kept in the failed set`,
      );
    } else {
      this.logger.warn(context, `E-mail attempt ${job.attemptsMade} failed; BullMQ retries it`);
    }
  }
}
