import type { PushSubscriptionInput } from '@app/contracts/push/push-views';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/**
 * What this browser knows of its own push subscription, shared by the page and the service
 * worker: the subscription as last registered (the service worker proves a renewal with its auth
 * secret when the browser does not hand over the old one), the server's id for it (to remove it),
 * and whether the person turned push off here (then signing in does not turn it on again). Its
 * name starts like the offline data's, so sign-out deletes it with them.
 */
export const PUSH_DB = 'chat-offline-push';

interface DeviceValues {
  subscription: PushSubscriptionInput;
  serverId: string;
  turnedOff: boolean;
}

interface PushDb extends DBSchema {
  device: { key: keyof DeviceValues; value: DeviceValues[keyof DeviceValues] };
}

function open(): Promise<IDBPDatabase<PushDb>> {
  return openDB<PushDb>(PUSH_DB, 1, {
    upgrade: (db) => void db.createObjectStore('device'),
    // Sign-out deletes the database: a connection left open here must not hold that up.
    blocking: (_current, _next, event) => (event.target as IDBDatabase).close(),
  });
}

export async function readDevice<K extends keyof DeviceValues>(
  key: K,
): Promise<DeviceValues[K] | undefined> {
  const db = await open();
  try {
    return (await db.get('device', key)) as DeviceValues[K] | undefined;
  } finally {
    db.close();
  }
}

export async function writeDevice<K extends keyof DeviceValues>(
  key: K,
  value: DeviceValues[K] | undefined,
): Promise<void> {
  const db = await open();
  try {
    if (value === undefined) await db.delete('device', key);
    else await db.put('device', value, key);
  } finally {
    db.close();
  }
}
