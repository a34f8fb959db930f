import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { KeyValueStore, KvModule } from '@app/kv';
import { KvThrottlerStorage } from './kv-throttler-storage';
import { isAuthRateLimited, RateLimitGuard } from './rate-limit.guard';

const MINUTE_MS = 60_000;

/** Per-IP HTTP limits: a general one on every route and a stricter one on sign-in routes. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [KvModule],
      inject: [APP_CONFIG, KeyValueStore],
      useFactory: (config: AppConfig, kv: KeyValueStore) => ({
        storage: new KvThrottlerStorage(kv),
        // One bucket per address and limit, shared by all routes it covers (the default is per route).
        generateKey: (_context, tracker, throttlerName) => `${throttlerName}:${tracker}`,
        throttlers: [
          { name: 'default', ttl: MINUTE_MS, limit: config.http.rateLimitPerMinute },
          {
            name: 'auth',
            ttl: MINUTE_MS,
            limit: config.http.authRateLimitPerMinute,
            skipIf: (context) => !isAuthRateLimited(context),
          },
        ],
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
