export interface Counter {
  /** The value after incrementing. */
  value: number;
  /** Milliseconds until the counter expires. */
  ttlMs: number;
}

/**
 * The key-value port: short-lived state (OTP codes, sessions, rate counters, presence) that must be
 * shared by every instance when Redis is configured. Values are strings; times are milliseconds.
 */
export abstract class KeyValueStore {
  /** `redis` or `memory`, for health and logs. */
  abstract readonly kind: string;

  abstract get(key: string): Promise<string | null>;

  /** Sets the value, replacing any previous one; without `ttlMs` it never expires. */
  abstract set(key: string, value: string, ttlMs?: number): Promise<void>;

  /** Sets the value only if the key does not exist; true when this call created it. */
  abstract setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;

  /** Deletes the keys; resolves to how many existed (so one of two racing callers sees 1). */
  abstract delete(...keys: string[]): Promise<number>;

  /** Milliseconds left; `null` for a missing key, `Infinity` for a key without expiry. */
  abstract ttl(key: string): Promise<number | null>;

  /** Atomically adds 1; a counter created by this call expires after `ttlMs`. */
  abstract increment(key: string, ttlMs: number): Promise<Counter>;

  /** Adds members; resolves to how many were new. With `ttlMs`, (re)sets the set's expiry. */
  abstract setAdd(key: string, members: string[], ttlMs?: number): Promise<number>;

  abstract setRemove(key: string, members: string[]): Promise<number>;

  abstract setMembers(key: string): Promise<string[]>;

  abstract setHas(key: string, member: string): Promise<boolean>;

  /** Resolves when the store answers. */
  abstract ping(): Promise<void>;

  abstract close(): Promise<void>;
}
