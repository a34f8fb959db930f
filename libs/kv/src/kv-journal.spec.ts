import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryKeyValueStore } from './memory-key-value.store';

const journalPath = () => join(mkdtempSync(join(tmpdir(), 'kv-journal-')), 'kv', 'durable.jsonl');

describe('the journaled in-memory store', () => {
  it('gives a restarted process back every live value, set and expiry, and nothing deleted', async () => {
    const path = journalPath();
    const before = new MemoryKeyValueStore(path);
    await before.set('session:a', 'ada', 60_000);
    await before.set('session:b', 'bob', 60_000);
    await before.delete('session:b');
    await before.setAdd('session:of-user:ada', ['a', 'c'], 60_000);
    await before.setRemove('session:of-user:ada', ['c']);
    await before.increment('attempts', 60_000);
    await before.increment('attempts', 60_000);
    // No close(): a killed process does not get to clean up.
    const after = new MemoryKeyValueStore(path);
    try {
      expect(await after.get('session:a')).toBe('ada');
      expect(await after.get('session:b')).toBeNull();
      expect(await after.setMembers('session:of-user:ada')).toEqual(['a']);
      expect(await after.get('attempts')).toBe('2');
      expect(await after.ttl('session:a')).toBeGreaterThan(50_000);
    } finally {
      await Promise.all([before.close(), after.close()]);
    }
  });

  it('drops what expired while it was down, and survives a line cut short by a crash', async () => {
    const path = journalPath();
    const before = new MemoryKeyValueStore(path);
    await before.set('short', 'gone', 20);
    await before.set('long', 'kept');
    await before.close();
    appendFileSync(path, '{"k":"half","v":"writ');
    await new Promise((resolve) => setTimeout(resolve, 40));
    const after = new MemoryKeyValueStore(path);
    try {
      expect(await after.get('short')).toBeNull();
      expect(await after.get('long')).toBe('kept');
      // Reopening rewrote the file with the live keys only.
      expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(1);
    } finally {
      await after.close();
    }
  });
});
