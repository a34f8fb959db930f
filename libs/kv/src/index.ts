export * from './key-value.store';
export * from './memory-key-value.store';
export * from './redis-key-value.store';
export * from './kv.module';
export * from './durable-key-value.store';
export * from './bullmq-connection';
