import { KeyValueStore, type Counter } from './key-value.store';
import { KvJournal, type JournalRecord } from './kv-journal';

interface Entry {
  value: string | Set<string>;
  expiresAt: number;
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * Single-process adapter: a Map with lazy expiry plus a periodic sweep that bounds memory. Given a
 * journal path, every change is also written there and read back on the next start (see KvJournal).
 */
export class MemoryKeyValueStore extends KeyValueStore {
  readonly kind: string = 'memory';
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();
  private readonly journal?: KvJournal;

  constructor(journalPath?: string) {
    super();
    if (journalPath) {
      this.journal = KvJournal.open(journalPath, (record) => {
        const value = Array.isArray(record.v) ? new Set(record.v) : (record.v as string);
        this.entries.set(record.k, { value, expiresAt: record.e ?? Infinity });
      });
    }
  }

  async get(key: string): Promise<string | null> {
    const value = this.live(key)?.value;
    return typeof value === 'string' ? value : null;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: expiry(ttlMs) });
    this.persist(key);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.entries.set(key, { value, expiresAt: expiry(ttlMs) });
    this.persist(key);
    return true;
  }

  async delete(...keys: string[]): Promise<number> {
    let deleted = 0;
    for (const key of keys) {
      if (this.live(key)) deleted += 1;
      this.entries.delete(key);
      this.persist(key);
    }
    return deleted;
  }

  async ttl(key: string): Promise<number | null> {
    const entry = this.live(key);
    if (!entry) return null;
    return entry.expiresAt === Infinity ? Infinity : entry.expiresAt - Date.now();
  }

  async increment(key: string, ttlMs: number): Promise<Counter> {
    const entry = this.live(key);
    if (!entry) {
      this.entries.set(key, { value: '1', expiresAt: expiry(ttlMs) });
      this.persist(key);
      return { value: 1, ttlMs };
    }
    const value = Number(entry.value) + 1;
    if (typeof entry.value !== 'string' || !Number.isInteger(value)) {
      throw new Error(`Key ${key} does not hold a counter`);
    }
    entry.value = String(value);
    if (entry.expiresAt === Infinity) entry.expiresAt = expiry(ttlMs);
    this.persist(key);
    return { value, ttlMs: entry.expiresAt - Date.now() };
  }

  async setAdd(key: string, members: string[], ttlMs?: number): Promise<number> {
    const set = this.setAt(key, true) as Set<string>;
    const before = set.size;
    members.forEach((member) => set.add(member));
    if (ttlMs !== undefined) (this.entries.get(key) as Entry).expiresAt = expiry(ttlMs);
    this.persist(key);
    return set.size - before;
  }

  async setRemove(key: string, members: string[]): Promise<number> {
    const set = this.setAt(key, false);
    if (!set) return 0;
    const removed = members.filter((member) => set.delete(member)).length;
    if (set.size === 0) this.entries.delete(key);
    if (removed > 0) this.persist(key);
    return removed;
  }

  async setMembers(key: string): Promise<string[]> {
    return [...(this.setAt(key, false) ?? [])];
  }

  async setHas(key: string, member: string): Promise<boolean> {
    return this.setAt(key, false)?.has(member) ?? false;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.journal?.close();
    this.entries.clear();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private setAt(key: string, create: boolean): Set<string> | undefined {
    const entry = this.live(key);
    if (entry) {
      if (typeof entry.value === 'string') throw new Error(`Key ${key} does not hold a set`);
      return entry.value;
    }
    if (!create) return undefined;
    const set = new Set<string>();
    this.entries.set(key, { value: set, expiresAt: Infinity });
    return set;
  }

  /** Writes the key's state after a change; compacts once most lines describe dead states. */
  private persist(key: string): void {
    if (!this.journal) return;
    this.journal.append(recordOf(key, this.entries.get(key)));
    if (this.journal.length > 2 * this.entries.size + 1000) {
      this.sweep();
      this.journal.rewrite([...this.entries].map(([k, entry]) => recordOf(k, entry)));
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}

function recordOf(key: string, entry: Entry | undefined): JournalRecord {
  if (!entry) return { k: key, v: null, e: null };
  const value = typeof entry.value === 'string' ? entry.value : [...entry.value];
  return { k: key, v: value, e: entry.expiresAt === Infinity ? null : entry.expiresAt };
}

const expiry = (ttlMs?: number) => (ttlMs === undefined ? Infinity : Date.now() + ttlMs);
