import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { SessionStore } from '@app/auth';
import { PushCounters } from './push-counters';
import { PushSubscriptionsService } from './push-subscriptions.service';

/** Ended sessions are announced for 10 to 20 seconds; looking every 2 catches each one. */
const EVERY_MS = 2_000;

/**
 * A session that ends (logout, refresh-token reuse, its person's address taken back) takes its
 * push subscriptions with it within seconds, on whichever instance or service ended it: the
 * session store announces ended sessions to everyone. A session that merely expires is caught
 * when a notification is about to go (`PushDelivery` checks the session first).
 */
@Injectable()
export class PushSessionSweeper implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Push');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly sessions: SessionStore,
    private readonly subscriptions: PushSubscriptionsService,
    private readonly counters: PushCounters,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), EVERY_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    try {
      const removed = await this.subscriptions.forgetSessions(await this.sessions.recentlyEnded());
      if (removed > 0) this.counters.pruned.inc({ reason: 'session_ended' }, removed);
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not sweep the subscriptions of ended sessions');
    }
  }
}
