import { deleteDB } from 'idb';
import { PUSH_DB } from '../push/push-db';
import { DB_PREFIX, SESSION_DB, userDbName } from './offline-db';

/** Our databases: all of them where the browser can list them, else the ones we know by name. */
async function ourDatabases(userIds: readonly string[]): Promise<string[]> {
  if (typeof indexedDB.databases === 'function') {
    const all = await indexedDB.databases();
    return all.map((db) => db.name ?? '').filter((name) => name.startsWith(DB_PREFIX));
  }
  return [SESSION_DB, PUSH_DB, ...userIds.map(userDbName)];
}

/** Stops this browser's push subscription; the server drops the session's own as it ends. */
async function unsubscribePush(): Promise<void> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const registration = await navigator.serviceWorker.getRegistration();
  const subscription = await registration?.pushManager?.getSubscription();
  await subscription?.unsubscribe();
}

/**
 * Empties the service worker's caches. The app shell is among them and is public (the same files
 * for everyone), but it is what opens the app offline, so the worker fetches it again.
 */
async function emptyCaches(): Promise<void> {
  if (typeof caches === 'undefined') return;
  await Promise.all((await caches.keys()).map((name) => caches.delete(name)));
  const worker = (await navigator.serviceWorker.getRegistration())?.active;
  worker?.postMessage({ type: 'REFILL_APP_SHELL' });
}

/**
 * Whether this browser keeps anything of someone: an app opened signed out (a first visit, a
 * session that ended long ago and was already forgotten) has nothing to forget, and must not
 * empty the caches the service worker is filling at that moment.
 */
export async function keepsSomeone(userIds: readonly string[]): Promise<boolean> {
  if (userIds.length > 0) return true;
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return false;
  return (await ourDatabases(userIds)).length > 0;
}

/**
 * Sign-out: nothing of the person stays in this browser. Their kept chats, messages and outbox
 * (IndexedDB), the service worker's caches and this browser's push subscription all go. Each
 * part is tried whatever the others do; resolves when all are done.
 */
export async function forgetThisBrowser(userIds: readonly string[]): Promise<void> {
  const deleteDatabases = async () => {
    const names = await ourDatabases(userIds);
    await Promise.all(names.map((name) => deleteDB(name)));
  };
  await Promise.allSettled([deleteDatabases(), emptyCaches(), unsubscribePush()]);
}
