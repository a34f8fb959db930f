import type { AppConfig } from '@app/config';
import { socketEventBudgets, SocketEventBudget } from './socket-event-budget';

const config = { chat: { messageRateLimit: 30, messageRateWindowMs: 10_000 } } as AppConfig;

describe('SocketEventBudget', () => {
  const budget = new SocketEventBudget(config);
  afterAll(() => budget.onModuleDestroy());

  it('lets a burst through, then answers how long to wait for the next event', () => {
    const { burst } = socketEventBudgets(config)['presence:get'];
    const now = 1_000_000;
    for (let i = 0; i < burst; i += 1) {
      expect(budget.take('ada', 'presence:get', now).allowed).toBe(true);
    }
    const refused = budget.take('ada', 'presence:get', now);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 250 });
    expect(budget.take('ada', 'presence:get', now + 250).allowed).toBe(true);
  });

  it('charges chat:sync by the rows it reads, not by the event', () => {
    const { burst, perSecond } = socketEventBudgets(config)['chat:sync'];
    // The clock stands still: on a busy machine a few real milliseconds refill a token or two.
    jest.useFakeTimers({ now: 3_000_000 });
    try {
      expect(budget.take('dee', 'chat:sync').allowed).toBe(true);
      const allowance = budget.allowance('dee', 'chat:sync');
      expect(allowance.available).toBe(burst - 1);
      allowance.spend(burst - 1);
      const refused = budget.take('dee', 'chat:sync');
      expect(refused.allowed).toBe(false);
      expect(refused.allowed || refused.retryAfterMs).toBeLessThanOrEqual(1000 / perSecond + 1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('allows message:send twice what MESSAGE_RATE_LIMIT allows, so that limit is the one people meet', () => {
    expect(socketEventBudgets(config)['message:send']).toEqual({ burst: 60, perSecond: 6 });
  });

  it('keeps each person and each event apart', () => {
    const now = 2_000_000;
    for (let i = 0; i < 100; i += 1) budget.take('bob', 'presence:get', now);
    expect(budget.take('bob', 'presence:get', now).allowed).toBe(false);
    expect(budget.take('bob', 'typing:start', now).allowed).toBe(true);
    expect(budget.take('cy', 'presence:get', now).allowed).toBe(true);
  });
});
