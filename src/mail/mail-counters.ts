import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

/** Prometheus counters of deliveries and of jobs that failed for good. */
@Injectable()
export class MailCounters {
  readonly delivered: Counter;
  readonly failedForGood: Counter;

  constructor(registry: Registry) {
    this.delivered = new Counter({
      name: 'mail_delivered_total',
      help: 'E-mails accepted by the transport',
      registers: [registry],
    });
    this.failedForGood = new Counter({
      name: 'mail_failed_total',
      help: 'E-mails that failed their last attempt and stay in the failed set',
      registers: [registry],
    });
  }
}
