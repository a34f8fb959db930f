import type { KeyValueStore } from '@app/kv';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The behaviour every `KeyValueStore` adapter must have; run once per adapter. */
export function describeKeyValueStoreContract(
  adapter: string,
  open: () => Promise<KeyValueStore>,
): void {
  describe(`KeyValueStore contract: ${adapter}`, () => {
    let kv: KeyValueStore;

    beforeEach(async () => {
      kv = await open();
    });

    afterEach(async () => {
      await kv.delete('greeting', 'short', 'forever', 'lock', 'once', 'hits', 'online', 'typing');
      await kv.close();
    });

    it('stores, reads and deletes string values', async () => {
      expect(await kv.get('missing')).toBeNull();
      await kv.set('greeting', 'hello');
      expect(await kv.get('greeting')).toBe('hello');
      expect(await kv.delete('greeting', 'missing')).toBe(1);
      expect(await kv.get('greeting')).toBeNull();
    });

    it('forgets a key once its time to live has passed', async () => {
      await kv.set('short', 'lived', 80);
      expect(await kv.get('short')).toBe('lived');
      const ttl = await kv.ttl('short');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(80);
      await sleep(150);
      expect(await kv.get('short')).toBeNull();
      expect(await kv.ttl('short')).toBeNull();
    });

    it('reports no expiry as Infinity', async () => {
      await kv.set('forever', 'x');
      expect(await kv.ttl('forever')).toBe(Infinity);
    });

    it('sets a value only if absent, and only one of many concurrent callers wins', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => kv.setIfAbsent('lock', String(i), 5000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await kv.setIfAbsent('lock', 'again', 5000)).toBe(false);
    });

    it('lets only one of two racing deletes see the key', async () => {
      await kv.set('once', '1');
      const deleted = await Promise.all([kv.delete('once'), kv.delete('once')]);
      expect(deleted.sort()).toEqual([0, 1]);
    });

    it('counts atomically and expires a counter from its first increment', async () => {
      // Windows of a second: a loaded machine's scheduling delays stay well inside them.
      const windowMs = 1000;
      const values = await Promise.all(
        Array.from({ length: 20 }, () => kv.increment('hits', windowMs)),
      );
      expect(values.map((c) => c.value).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      for (const counter of values) expect(counter.ttlMs).toBeLessThanOrEqual(windowMs);
      await sleep(300);
      const later = await kv.increment('hits', windowMs);
      expect(later.value).toBe(21);
      expect(later.ttlMs).toBeLessThan(windowMs - 250);
      await sleep(windowMs);
      expect((await kv.increment('hits', windowMs)).value).toBe(1);
    });

    it('keeps sets with membership, removal and optional expiry', async () => {
      expect(await kv.setAdd('online', ['a', 'b'])).toBe(2);
      expect(await kv.setAdd('online', ['b', 'c'])).toBe(1);
      expect((await kv.setMembers('online')).sort()).toEqual(['a', 'b', 'c']);
      expect(await kv.setHas('online', 'a')).toBe(true);
      expect(await kv.setRemove('online', ['a', 'z'])).toBe(1);
      expect(await kv.setHas('online', 'a')).toBe(false);
      expect(await kv.setMembers('missing')).toEqual([]);
      await kv.setAdd('typing', ['x'], 80);
      await sleep(150);
      expect(await kv.setMembers('typing')).toEqual([]);
    });

    it('answers a ping', async () => {
      await expect(kv.ping()).resolves.toBeUndefined();
    });
  });
}
