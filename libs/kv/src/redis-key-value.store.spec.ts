import { MemoryKeyValueStore } from './memory-key-value.store';
import { RedisKeyValueStore } from './redis-key-value.store';

/** The store over a stand-in for ioredis whose every command fails with `error`, status 'ready'. */
function storeWhoseCommandsFail(error: Error): RedisKeyValueStore {
  const redis = { status: 'ready', eval: () => Promise.reject(error) };
  return Object.assign(Object.create(RedisKeyValueStore.prototype) as RedisKeyValueStore, {
    redis,
    localCounters: new MemoryKeyValueStore(),
  });
}

describe('Redis counters when Redis goes away', () => {
  it('count in the process when the connection fails, even while ioredis still says ready', async () => {
    // What a command gets in the moment Redis stops (a request then answered 500 in the fault suite).
    const store = storeWhoseCommandsFail(
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    );
    expect((await store.increment('limit:x', 1000)).value).toBe(1);
    expect((await store.increment('limit:x', 1000)).value).toBe(2);
  });

  it('still fail on an error Redis itself replied with', async () => {
    const reply = Object.assign(new Error('WRONGTYPE Operation against a key'), {
      name: 'ReplyError',
    });
    await expect(storeWhoseCommandsFail(reply).increment('limit:x', 1000)).rejects.toBe(reply);
  });
});
