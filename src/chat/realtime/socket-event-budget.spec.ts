import type { AppConfig } from '@app/config';
import { socketEventBudgets, SocketEventBudget } from './socket-event-budget';

const config = { chat: { messageRateLimit: 30, messageRateWindowMs: 10_000 } } as AppConfig;

describe('SocketEventBudget', () => {
  const budget = new SocketEventBudget(config);
  afterAll(() => budget.onModuleDestroy());

  it('lets a burst through, then answers how long to wait for the next event', () => {
    const { burst } = socketEventBudgets(config)['chat:sync'];
    const now = 1_000_000;
    for (let i = 0; i < burst; i += 1) {
      expect(budget.take('ada', 'chat:sync', now).allowed).toBe(true);
    }
    const refused = budget.take('ada', 'chat:sync', now);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 250 });
    expect(budget.take('ada', 'chat:sync', now + 250).allowed).toBe(true);
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
