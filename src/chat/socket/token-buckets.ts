export interface Allowance {
  /** Actions allowed in a burst. */
  burst: number;
  /** Actions per second the allowance refills at. */
  perSecond: number;
}

export type Admission = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets untouched this long are full again, so they are dropped instead of kept forever. */
const IDLE_MS = 60_000;

/**
 * Token buckets kept in this process, one per key: a flood is stopped where it lands, without a
 * round trip to a shared store that may itself be down. Memory stays bounded by the keys active
 * in the last minute.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly sweeper = setInterval(() => this.sweep(), IDLE_MS).unref();

  /** Takes `cost` tokens if the bucket holds at least one (a costly action may empty it). */
  take(key: string, allowance: Allowance, now = Date.now(), cost = 1): Admission {
    const bucket = this.refilled(key, allowance, now);
    if (bucket.tokens >= 1) {
      bucket.tokens = Math.max(0, bucket.tokens - cost);
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterMs: Math.ceil(((1 - bucket.tokens) / allowance.perSecond) * 1000),
    };
  }

  /** Whole tokens left for `key` now, taking none. */
  available(key: string, allowance: Allowance, now = Date.now()): number {
    return Math.floor(this.refilled(key, allowance, now).tokens);
  }

  private refilled(key: string, { burst, perSecond }: Allowance, now: number): Bucket {
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    return bucket;
  }

  close(): void {
    clearInterval(this.sweeper);
    this.buckets.clear();
  }

  private sweep(now = Date.now()): void {
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.at > IDLE_MS) this.buckets.delete(key);
    }
  }
}
