import { TEST_REDIS_URL, uniqueRedisPrefix } from '@app/testing';
import { RedisKeyValueStore } from './redis-key-value.store';
import { openKeyValueStore } from './kv.module';

describe('opening the configured key-value store', () => {
  it('fails at boot naming REDIS_URL when Redis is unreachable', async () => {
    await expect(
      openKeyValueStore({ kind: 'redis', url: 'redis://:secret@127.0.0.1:1', keyPrefix: 'x:' }),
    ).rejects.toThrow(/^REDIS_URL: cannot reach redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
  });

  it('keeps Redis keys under the configured prefix', async () => {
    const prefix = uniqueRedisPrefix('prefix');
    const store = await RedisKeyValueStore.connect(TEST_REDIS_URL, prefix);
    const raw = await RedisKeyValueStore.connect(TEST_REDIS_URL, '');
    try {
      await store.increment('counter', 1000);
      expect(await raw.get(`${prefix}counter`)).toBe('1');
    } finally {
      await raw.delete(`${prefix}counter`);
      await Promise.all([store.close(), raw.close()]);
    }
  });
});
