import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { KeyValueStore } from '@app/kv';

/** Fixed-window counters in the key-value store, so limits hold across every instance. */
@Injectable()
export class KvThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly kv: KeyValueStore) {}

  async increment(key: string, ttlMs: number, limit: number): Promise<ThrottlerStorageRecord> {
    const counter = await this.kv.increment(`throttle:${key}`, ttlMs);
    const secondsLeft = Math.max(1, Math.ceil(counter.ttlMs / 1000));
    const isBlocked = counter.value > limit;
    return {
      totalHits: counter.value,
      timeToExpire: secondsLeft,
      isBlocked,
      timeToBlockExpire: isBlocked ? secondsLeft : 0,
    };
  }
}
