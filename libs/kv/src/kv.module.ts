import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import {
  AdapterChoices,
  APP_CONFIG,
  redactUrl,
  StartupError,
  type AppConfig,
  type KeyValueConfig,
} from '@app/config';
import { HealthModule, HealthRegistry } from '@app/observability';
import { DurableKeyValueStore } from './durable-key-value.store';
import { KeyValueStore } from './key-value.store';
import { MemoryKeyValueStore } from './memory-key-value.store';
import { RedisKeyValueStore } from './redis-key-value.store';

export async function openKeyValueStore(config: KeyValueConfig): Promise<KeyValueStore> {
  if (config.kind === 'memory') return new MemoryKeyValueStore();
  try {
    return await RedisKeyValueStore.connect(config.url, config.keyPrefix);
  } catch (error) {
    throw new StartupError('REDIS_URL', redactUrl(config.url), error);
  }
}

/**
 * Provides `KeyValueStore`: Redis when `REDIS_URL` is set, otherwise the in-memory adapter; and
 * `DurableKeyValueStore`: the same Redis, otherwise an in-memory store journaled under DATA_DIR.
 */
@Module({
  imports: [HealthModule],
  providers: [
    {
      provide: KeyValueStore,
      inject: [APP_CONFIG, AdapterChoices],
      useFactory: ({ kv }: AppConfig, choices: AdapterChoices) => {
        choices.record('key-value', kv.kind === 'redis' ? 'Redis' : 'memory');
        return openKeyValueStore(kv);
      },
    },
    {
      provide: DurableKeyValueStore,
      inject: [APP_CONFIG, KeyValueStore],
      useFactory: ({ kv, dataDir }: AppConfig, store: KeyValueStore) =>
        kv.kind === 'redis' ? store : new MemoryKeyValueStore(join(dataDir, 'kv', 'durable.jsonl')),
    },
  ],
  exports: [KeyValueStore, DurableKeyValueStore],
})
export class KvModule implements OnApplicationShutdown {
  constructor(
    @Inject(KeyValueStore) private readonly store: KeyValueStore,
    @Inject(DurableKeyValueStore) private readonly durable: KeyValueStore,
    health: HealthRegistry,
  ) {
    health.register({ name: 'kv', kind: store.kind, probe: () => store.ping() });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    if (this.durable !== this.store) await this.durable.close();
  }
}
