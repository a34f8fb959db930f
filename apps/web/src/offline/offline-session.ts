import type { ChatStore } from '../state/chat-store';
import type { RealtimeLink } from '../state/realtime-link';
import type { StoreDeps } from '../state/store-deps';
import { offlineAwareHttp } from './offline-http';
import { OfflineStore } from './offline-store';
import { SavedDataFlag } from './saved-flag';
import { SnapshotWriter } from './snapshot-writer';

/**
 * The signed-in person's data kept in this browser, and what the app does with it: the store's
 * HTTP reads fall back to it without a network, what the app shows is written to it as it
 * changes, and the outbox keeps its messages in it.
 */
export class OfflineSession {
  readonly store: OfflineStore;
  /** The page shows kept data: the server could not be reached when it was asked. */
  readonly savedShown = new SavedDataFlag();
  readonly http: StoreDeps['http'];
  private writer: SnapshotWriter | null = null;

  constructor(userId: string) {
    this.store = new OfflineStore(userId);
    this.http = offlineAwareHttp(this.store, this.savedShown);
  }

  /** Follows the chat store until the returned stop (sign-out, another person signing in). */
  attach(chats: ChatStore, link: RealtimeLink): () => void {
    this.writer = new SnapshotWriter(this.store, chats);
    const stopWriting = this.writer.start();
    let everConnected = false;
    let stopped = false;
    link.onConnectionChange((connected) => {
      if (!connected || stopped) return;
      const first = !everConnected;
      everConnected = true;
      // The store catches up after a reconnect, not on its first connection (until then it held
      // nothing). A page that opened offline holds the kept data, as old as it is: it is caught
      // up from there now, as after a reconnect (chat:sync from each chat's newest kept seq, then
      // the list again, which clears the "showing saved" state).
      if (first && this.savedShown.get()) chats.catchUp().catch(() => undefined);
    });
    return () => {
      stopped = true;
      stopWriting();
      void this.store.close();
    };
  }

  /** The chat list is in the store (from the server or kept): from now on it is kept as it is. */
  listLoaded(): void {
    this.writer?.listLoaded();
  }
}
