import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { redactUrl, StartupError, type KeyValueConfig } from '@app/config';
import { HealthRegistry } from '@app/health';
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
 * `DurableKeyValueStore`: the same Redis, otherwise an in-memory store journaled to `journalPath`.
 */
@Global()
@Module({})
export class KvModule implements OnApplicationShutdown {
  constructor(
    @Inject(KeyValueStore) private readonly store: KeyValueStore,
    @Inject(DurableKeyValueStore) private readonly durable: KeyValueStore,
    health: HealthRegistry,
  ) {
    health.register({ name: 'kv', kind: store.kind, probe: () => store.ping() });
  }

  static forRoot(config: KeyValueConfig, journalPath: string): DynamicModule {
    const durable =
      config.kind === 'redis'
        ? { provide: DurableKeyValueStore, useExisting: KeyValueStore }
        : { provide: DurableKeyValueStore, useFactory: () => new MemoryKeyValueStore(journalPath) };
    return {
      module: KvModule,
      providers: [{ provide: KeyValueStore, useFactory: () => openKeyValueStore(config) }, durable],
      exports: [KeyValueStore, DurableKeyValueStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    if (this.durable !== this.store) await this.durable.close();
  }
}
