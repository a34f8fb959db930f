import type { IDBPDatabase } from 'idb';
import type { OutboxStorage, SavedPending } from '../state/outbox-storage';
import { openUserDb, type SavedConversation, type UserDb } from './offline-db';

/** The chats whose messages are kept: the most recently opened ones. */
export const KEPT_CHATS = 30;
/** The newest messages kept of each. */
export const KEPT_MESSAGES = 100;

/**
 * One person's data in this browser (IndexedDB): the chat list, whom they blocked, the newest
 * messages of the chats they opened last, and the outbox. Every call survives IndexedDB being
 * unavailable or the database being deleted under it (sign-out): reads find nothing, writes are
 * dropped. What is kept is never more than KEPT_CHATS × KEPT_MESSAGES messages.
 */
export class OfflineStore {
  private readonly db: Promise<IDBPDatabase<UserDb> | null>;

  constructor(userId: string) {
    this.db = openUserDb(userId).catch(() => null);
  }

  /** An API answer kept by path (`saveAnswer`), or undefined. */
  async answer(path: string): Promise<unknown> {
    return this.use((db) => db.get('answers', path));
  }

  async saveAnswer(path: string, body: unknown): Promise<void> {
    await this.use((db) => db.put('answers', body, path));
  }

  async conversation(chatId: string): Promise<SavedConversation | undefined> {
    return this.use((db) => db.get('conversations', chatId));
  }

  /**
   * Replaces these chats' kept messages (each cut to its newest KEPT_MESSAGES), then forgets the
   * chats beyond the KEPT_CHATS opened most recently.
   */
  async saveConversations(conversations: readonly SavedConversation[]): Promise<void> {
    await this.use(async (db) => {
      const tx = db.transaction('conversations', 'readwrite');
      for (const conversation of conversations) {
        const cut = conversation.messages.length > KEPT_MESSAGES;
        await tx.store.put({
          ...conversation,
          messages: conversation.messages.slice(-KEPT_MESSAGES),
          hasMoreBefore: conversation.hasMoreBefore || cut,
        });
      }
      // The index runs from the longest ago opened: all but the newest KEPT_CHATS go.
      const keys = await tx.store.index('openedAt').getAllKeys();
      for (const key of keys.slice(0, Math.max(0, keys.length - KEPT_CHATS))) {
        await tx.store.delete(key);
      }
      await tx.done;
    });
  }

  /** The outbox's storage in this database. */
  readonly outbox: OutboxStorage = {
    load: async () => (await this.use((db) => db.getAll('outbox'))) ?? [],
    // Said when it fails: a message (a file above all) not kept is lost with the tab.
    save: async (message: SavedPending) => {
      const kept = await this.use(async (db) => {
        await db.put('outbox', message);
        return true;
      });
      if (!kept) throw new Error('The message could not be kept in this browser');
    },
    remove: async (clientMessageId: string) => {
      await this.use((db) => db.delete('outbox', clientMessageId));
    },
  };

  /** Closes the connection (the person signed out, or another one signed in). */
  async close(): Promise<void> {
    (await this.db)?.close();
  }

  private async use<T>(work: (db: IDBPDatabase<UserDb>) => Promise<T>): Promise<T | undefined> {
    const db = await this.db;
    if (!db) return undefined;
    try {
      return await work(db);
    } catch {
      return undefined; // closed by a sign-out, or the browser refused (quota, private mode)
    }
  }
}
