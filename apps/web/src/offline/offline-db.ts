import type { ChatMessage, OwnUserProfile } from '@app/contracts';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SavedPending } from '../state/outbox-storage';

/** Every database of ours starts so; sign-out deletes all of them (offline/forget-device.ts). */
export const DB_PREFIX = 'chat-offline';
/** Who was signed in last: the app opens as them when the server cannot be reached. */
export const SESSION_DB = `${DB_PREFIX}-session`;
/** One database per person, so two accounts in one browser never see each other's data. */
export const userDbName = (userId: string): string => `${DB_PREFIX}-user-${userId}`;

/** A chat's newest messages as they were last shown, and when it was last opened. */
export interface SavedConversation {
  chatId: string;
  messages: ChatMessage[];
  /** Older messages exist on the server (scrolling up loads them, once online). */
  hasMoreBefore: boolean;
  openedAt: number;
}

export interface UserDb extends DBSchema {
  conversations: { key: string; value: SavedConversation; indexes: { openedAt: number } };
  /** The outbox: messages written here that the server does not have yet. */
  outbox: { key: string; value: SavedPending };
  /** Answers of the API kept as they came, by path (the chat list, whom I blocked). */
  answers: { key: string; value: unknown };
}

interface SessionDb extends DBSchema {
  session: { key: 'me'; value: OwnUserProfile };
}

/**
 * Opens a database of ours. A connection gives way when sign-out deletes the database (or a newer
 * version of the app upgrades it): it closes, and whatever uses it next finds it closed and
 * carries on without saving.
 */
function openOurs<T extends DBSchema>(
  name: string,
  upgrade: (db: IDBPDatabase<T>) => void,
): Promise<IDBPDatabase<T>> {
  return openDB<T>(name, 1, {
    upgrade,
    blocking: (_current, _next, event) => (event.target as IDBDatabase).close(),
  });
}

export function openUserDb(userId: string): Promise<IDBPDatabase<UserDb>> {
  return openOurs<UserDb>(userDbName(userId), (db) => {
    db.createObjectStore('conversations', { keyPath: 'chatId' }).createIndex(
      'openedAt',
      'openedAt',
    );
    db.createObjectStore('outbox', { keyPath: 'clientMessageId' });
    db.createObjectStore('answers');
  });
}

/** Remembers who is signed in, for opening the app offline. */
export async function rememberSignedIn(me: OwnUserProfile): Promise<void> {
  const db = await openOurs<SessionDb>(SESSION_DB, (d) => void d.createObjectStore('session'));
  try {
    await db.put('session', me, 'me');
  } finally {
    db.close();
  }
}

/** Who was signed in last, if anyone (and this browser keeps IndexedDB at all). */
export async function lastSignedIn(): Promise<OwnUserProfile | null> {
  try {
    const db = await openOurs<SessionDb>(SESSION_DB, (d) => void d.createObjectStore('session'));
    try {
      return (await db.get('session', 'me')) ?? null;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}
