import Redis from 'ioredis';
import { KeyValueStore, type Counter } from './key-value.store';
import { MemoryKeyValueStore } from './memory-key-value.store';

/** INCR and set the expiry in one step, so a crash between the two can never leave an immortal counter. */
const INCREMENT_SCRIPT = `
local value = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {value, ttl}
`;

const CONNECT_TIMEOUT_MS = 5000;

/** An error Redis itself replied with (ioredis's ReplyError), as opposed to a connection failure. */
const isServerReply = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ReplyError';

/** Shared adapter over ioredis; every key carries the configured prefix. */
export class RedisKeyValueStore extends KeyValueStore {
  readonly kind = 'redis';
  /** Counters while Redis cannot be reached: limits then hold per process instead of not at all. */
  private readonly localCounters = new MemoryKeyValueStore();

  private constructor(private readonly redis: Redis) {
    super();
  }

  /** Connects and answers a PING, or rejects with the reason (a startup error for the caller). */
  static async connect(url: string, keyPrefix: string): Promise<RedisKeyValueStore> {
    let connected = false;
    const redis = new Redis(url, {
      keyPrefix,
      lazyConnect: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      maxRetriesPerRequest: 2,
      // Commands issued in the same turn of the event loop go out in one write: thousands of
      // sockets reconnecting at once otherwise cost a system call per session check.
      enableAutoPipelining: true,
      // Unreachable at boot is a startup error, not something to retry; once up, reconnect forever.
      retryStrategy: (attempt) => (connected ? Math.min(attempt * 200, 2000) : null),
    });
    redis.on('error', () => {
      // ioredis reconnects by itself; readiness reports the outage, so no unhandled 'error' crash.
    });
    try {
      await redis.connect();
      await redis.ping();
      connected = true;
      // From now on a command while Redis is away fails at once instead of waiting in a queue:
      // callers degrade (docs/architecture.md#backing-services) rather than hang every request.
      redis.options.enableOfflineQueue = false;
    } catch (error) {
      redis.disconnect();
      throw error;
    }
    return new RedisKeyValueStore(redis);
  }

  async get(key: string): Promise<string | null> {
    return this.redis.get(key);
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    if (ttlMs === undefined) await this.redis.set(key, value);
    else await this.redis.set(key, value, 'PX', ttlMs);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(key, value, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async delete(...keys: string[]): Promise<number> {
    return keys.length === 0 ? 0 : this.redis.del(...keys);
  }

  async ttl(key: string): Promise<number | null> {
    const ttl = await this.redis.pttl(key);
    if (ttl === -2) return null;
    return ttl === -1 ? Infinity : ttl;
  }

  /** While Redis is away, counts in this process: rate limits and lockouts degrade, not vanish. */
  async increment(key: string, ttlMs: number): Promise<Counter> {
    try {
      const [value, ttl] = (await this.redis.eval(INCREMENT_SCRIPT, 1, key, ttlMs)) as [
        number,
        number,
      ];
      return { value, ttlMs: ttl };
    } catch (error) {
      // Redis answered with an error: a bug to report. Any other failure is the connection (its
      // status may still read 'ready' for a moment after the socket closed): count locally.
      if (isServerReply(error)) throw error;
      return this.localCounters.increment(key, ttlMs);
    }
  }

  async setAdd(key: string, members: string[], ttlMs?: number): Promise<number> {
    if (ttlMs === undefined) return this.redis.sadd(key, ...members);
    const results = await this.redis
      .multi()
      .sadd(key, ...members)
      .pexpire(key, ttlMs)
      .exec();
    return Number(results?.[0]?.[1] ?? 0);
  }

  async setRemove(key: string, members: string[]): Promise<number> {
    return this.redis.srem(key, ...members);
  }

  async setMembers(key: string): Promise<string[]> {
    return this.redis.smembers(key);
  }

  async setHas(key: string, member: string): Promise<boolean> {
    return (await this.redis.sismember(key, member)) === 1;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.localCounters.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
