import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

/** Prometheus counters of Web Push: sent, failed for good, and subscriptions pruned. */
@Injectable()
export class PushCounters {
  readonly sent: Counter;
  readonly failed: Counter<'reason'>;
  readonly pruned: Counter<'reason'>;

  constructor(registry: Registry) {
    this.sent = new Counter({
      name: 'push_sent_total',
      help: 'Notifications a push service accepted',
      registers: [registry],
    });
    this.failed = new Counter({
      name: 'push_failed_total',
      help: 'Notifications that were refused, or failed their last attempt',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.pruned = new Counter({
      name: 'push_pruned_total',
      help: 'Subscriptions removed: gone at their push service, or their session ended',
      labelNames: ['reason'],
      registers: [registry],
    });
  }
}
