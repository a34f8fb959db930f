import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';

export interface MailQueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

/** Something that can count the jobs in each state: the BullMQ queue or the in-process runner. */
export abstract class MailQueueStats {
  abstract counts(): Promise<MailQueueCounts>;
}

/** The `mail_queue_jobs{state}` gauge, read from the queue whenever Prometheus scrapes. */
@Injectable()
export class MailQueueGauge {
  constructor(registry: Registry, stats: MailQueueStats) {
    new Gauge({
      name: 'mail_queue_jobs',
      help: 'Mail jobs by state',
      labelNames: ['state'],
      registers: [registry],
      async collect(this: Gauge) {
        const counts: MailQueueCounts = await stats.counts();
        for (const [state, value] of Object.entries(counts)) this.set({ state }, value as number);
      },
    });
  }
}
