import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { ClientToServerEvents } from '@app/contracts';
import { TokenBuckets, type Admission, type Allowance } from './token-buckets';

const SYNC_ROWS_BURST = 1000;
const SYNC_ROWS_PER_SECOND = 250;

/**
 * How many of each client event one person may send, on one server. Typed from the event map,
 * so a new event does not compile until it has a budget. Generous for people (a fast typist sends
 * typing:start every 2 s, a reconnect one chat:sync per page), tight for floods: the costly
 * events (sync reads pages, presence reads the directory) get the smallest budgets.
 * message:send is allowed twice what MESSAGE_RATE_LIMIT allows: that limit, shared by every
 * instance and by REST, is the one people meet (a resend over it still gets its original back);
 * this one only stops a flood of events before they cost a database round trip each.
 */
export const socketEventBudgets = (
  config: AppConfig,
): { [E in keyof ClientToServerEvents]: Allowance } => ({
  'message:send': twiceTheMessageRate(config),
  // Edits count against MESSAGE_RATE_LIMIT too, like sends.
  'message:edit': twiceTheMessageRate(config),
  'message:delete': { burst: 20, perSecond: 5 },
  'reaction:add': { burst: 30, perSecond: 10 },
  'reaction:remove': { burst: 30, perSecond: 10 },
  'preview:remove': { burst: 20, perSecond: 5 },
  'message:read': { burst: 40, perSecond: 20 },
  'message:delivered': { burst: 40, perSecond: 20 },
  'typing:start': { burst: 20, perSecond: 10 },
  'typing:stop': { burst: 20, perSecond: 10 },
  // Charged by cost, not by event: each answer takes one token plus one per stored message it
  // reads (see ChatSyncService): a reconnect reads its first 1,000 messages at once, and a loop
  // asking for large chats gets at most 250 a second.
  'chat:sync': { burst: SYNC_ROWS_BURST, perSecond: SYNC_ROWS_PER_SECOND },
  'presence:get': { burst: 10, perSecond: 4 },
  'auth:renew': { burst: 5, perSecond: 1 },
  'client:visibility': { burst: 10, perSecond: 2 },
});

function twiceTheMessageRate(config: AppConfig): Allowance {
  const burst = 2 * config.chat.messageRateLimit;
  return { burst, perSecond: burst / (config.chat.messageRateWindowMs / 1000) };
}

/** Units of a costly event's budget left after admitting it, and the way to charge what it read. */
export interface EventAllowance {
  readonly available: number;
  spend(units: number): void;
}

/** Per person and event, in this process (see TokenBuckets). */
@Injectable()
export class SocketEventBudget implements OnModuleDestroy {
  private readonly buckets = new TokenBuckets();
  private readonly budgets: ReturnType<typeof socketEventBudgets>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.budgets = socketEventBudgets(config);
  }

  take(userId: string, event: keyof ClientToServerEvents, now = Date.now()): Admission {
    return this.buckets.take(`${userId}|${event}`, this.budgets[event], now);
  }

  /** What an admitted event may still spend, and charging for it (never refused: already admitted). */
  allowance(userId: string, event: keyof ClientToServerEvents): EventAllowance {
    const key = `${userId}|${event}`;
    const budget = this.budgets[event];
    return {
      available: this.buckets.available(key, budget),
      spend: (units) => {
        if (units > 0) this.buckets.take(key, budget, Date.now(), units);
      },
    };
  }

  onModuleDestroy(): void {
    this.buckets.close();
  }
}
