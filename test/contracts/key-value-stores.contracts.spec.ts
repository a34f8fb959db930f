import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryKeyValueStore, RedisKeyValueStore } from '@app/kv';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '@app/testing';
import { runKeyValueStoreContracts } from './registry';

const journalPath = () => join(mkdtempSync(join(tmpdir(), 'kv-journal-')), 'kv', 'durable.jsonl');

runKeyValueStoreContracts('in-memory', async () => new MemoryKeyValueStore());
runKeyValueStoreContracts(
  'in-memory, journaled',
  async () => new MemoryKeyValueStore(journalPath()),
);
runKeyValueStoreContracts('Redis', () =>
  RedisKeyValueStore.connect(TEST_REDIS_URL, uniqueRedisPrefix('kv')),
);
