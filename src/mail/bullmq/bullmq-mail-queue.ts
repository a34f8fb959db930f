import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  MAIL_QUEUE,
  MailQueue,
  type NewSignInRequest,
  type OtpMailRequest,
  type UnreadNotificationRequest,
} from '@app/contracts';
import { mailJobId, type MailJob } from '../mail-job';
import { MailQueueStats, type MailQueueCounts } from '../mail-queue-gauge';

const DAY_S = 24 * 3600;

/** `MailQueue` on BullMQ: a job per e-mail, retried with exponential backoff by the worker. */
@Injectable()
export class BullMqMailQueue extends MailQueue implements MailQueueStats {
  constructor(
    @InjectQueue(MAIL_QUEUE) private readonly queue: Queue<MailJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async enqueueOtp(request: OtpMailRequest): Promise<void> {
    await this.add({ kind: 'otp', request });
  }

  async enqueueUnreadNotification(request: UnreadNotificationRequest): Promise<void> {
    await this.add({ kind: 'unread', request });
  }

  async enqueueNewSignIn(request: NewSignInRequest): Promise<void> {
    await this.add({ kind: 'sign-in', request });
  }

  async counts(): Promise<MailQueueCounts> {
    const counts = await this.queue.getJobCounts(
      'waiting',
      'active',
      'delayed',
      'failed',
      'completed',
    );
    return {
      waiting: counts.waiting ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      completed: counts.completed ?? 0,
    };
  }

  /** A job id that already exists is ignored by BullMQ: that is the idempotence. */
  private async add(job: MailJob): Promise<void> {
    await this.queue.add(job.kind, job, {
      jobId: mailJobId(job),
      attempts: this.config.mail.attempts,
      backoff: { type: 'exponential', delay: this.config.mail.backoffMs },
      // Completed jobs stay a day so a late duplicate is still recognised; failed ones a week for inspection.
      removeOnComplete: { age: DAY_S },
      removeOnFail: { age: 7 * DAY_S },
    });
  }
}
