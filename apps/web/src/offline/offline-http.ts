import { api } from '../api/http';
import { chatText } from '../i18n/chat';
import type { StoreDeps } from '../state/store-deps';
import type { OfflineStore } from './offline-store';
import { CHAT_LIST_PATH, KEPT_AS_IS, savedAnswer } from './saved-answers';
import type { SavedDataFlag } from './saved-flag';

/** A change asked for while the server cannot be reached: said plainly, never dropped silently. */
export class OfflineError extends Error {
  constructor() {
    super(chatText('errors.offline'));
    this.name = 'OfflineError';
  }
}

/**
 * The store's HTTP calls, which keep working without a network: a read the server cannot answer
 * (fetch throws a TypeError) is answered from what was kept (the chat list, whom I blocked, a
 * chat's newest messages), and the page says that it shows saved data; a change is refused with
 * an OfflineError rather than lost. Messages are not sent here: the outbox keeps them.
 */
export function offlineAwareHttp(store: OfflineStore, shown: SavedDataFlag): StoreDeps['http'] {
  return async function http<T>(path: string, init: { method?: string; json?: unknown } = {}) {
    const reading = (init.method ?? 'GET') === 'GET';
    try {
      const answer = await api<T>(path, init);
      if (reading && KEPT_AS_IS.has(path)) void store.saveAnswer(path, answer);
      if (reading && path === CHAT_LIST_PATH) shown.set(false);
      return answer;
    } catch (error) {
      if (!(error instanceof TypeError)) throw error; // the server answered: its answer stands
      if (!reading) throw new OfflineError();
      const saved = await savedAnswer(store, path);
      if (saved === undefined) throw error;
      shown.set(true);
      return saved as T;
    }
  };
}
