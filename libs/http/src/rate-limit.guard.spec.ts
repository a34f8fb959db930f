import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { RateLimitGuard } from './rate-limit.guard';

describe('RateLimitGuard', () => {
  it('lets requests from other services over RabbitMQ through without counting them', async () => {
    const storage = { increment: jest.fn() } as unknown as ThrottlerStorage;
    const guard = new RateLimitGuard(
      { throttlers: [{ name: 'default', ttl: 60_000, limit: 1 }] },
      storage,
      new Reflector(),
    );
    await guard.onModuleInit();
    const fromAnotherService = { getType: () => 'rpc' } as unknown as ExecutionContext;
    await expect(guard.canActivate(fromAnotherService)).resolves.toBe(true);
    expect(storage.increment).not.toHaveBeenCalled();
  });
});
