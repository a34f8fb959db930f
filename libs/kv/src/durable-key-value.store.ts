import { KeyValueStore } from './key-value.store';

/**
 * The key-value port for state that must outlive a restart of the process: sign-in sessions and
 * codes. Bound to Redis when REDIS_URL is set (the same store as `KeyValueStore`), otherwise to an
 * in-memory store that journals every change to DATA_DIR, so the single process keeps everyone
 * signed in across a restart or a crash. Counters, presence and typing stay in `KeyValueStore`.
 */
export abstract class DurableKeyValueStore extends KeyValueStore {}
