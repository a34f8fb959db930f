/**
 * A tiny seeded PRNG (mulberry32): every generated case follows from the seed, so a failure printed
 * with its seed replays exactly with `FUZZ_SEED=<seed>`.
 */
export class Rng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** One of the generators, called: the common shape of "some hostile value of this kind". */
  oneOf<T>(makers: ReadonlyArray<() => T>): T {
    return this.pick(makers)();
  }

  /** An independent stream for case `index`: cases stay reproducible one by one, whatever ran before. */
  fork(index: number): Rng {
    return new Rng(
      (Math.imul(this.seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index, 0xc2b2ae35)) >>> 0,
    );
  }
}

/** `FUZZ_SEED` if set (decimal), else a fresh random seed; printed with every failure. */
export function seedFromEnv(): number {
  const raw = process.env.FUZZ_SEED;
  if (raw !== undefined && raw !== '') {
    const seed = Number(raw);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
      throw new Error(`FUZZ_SEED must be an integer in [0, 2^32), not "${raw}"`);
    return seed;
  }
  return Math.floor(Math.random() * 0xffffffff) >>> 0;
}

/** `FUZZ_CASES` if set, else the default budget of a normal `npm test`. */
export function caseCountFromEnv(fallback: number): number {
  const raw = process.env.FUZZ_CASES;
  const count = raw ? Number(raw) : fallback;
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`FUZZ_CASES must be a positive integer, not "${raw}"`);
  return count;
}
