import { pushApi } from '../api/push';
import { chatText } from '../i18n/chat';
import { readDevice, writeDevice } from './push-db';
import { fetchVapidKey, subscriptionInput, vapidKeyBytes } from './subscription-json';

/** A push service that does not answer (no network, none reachable) is given up on after this. */
const SUBSCRIBE_TIMEOUT_MS = 20_000;

/** Why push cannot be turned on here, in words for the person. */
export class PushUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PushUnavailable';
  }
}

/** Whether this browser can get pushes at all, and what the person said about notifications. */
export type PushSupport = 'unsupported' | NotificationPermission;

export function pushSupport(): PushSupport {
  if (
    typeof Notification === 'undefined' ||
    !('serviceWorker' in navigator) ||
    typeof PushManager === 'undefined'
  ) {
    return 'unsupported';
  }
  return Notification.permission;
}

/** The service worker's registration, if there is one (none in development). */
async function registration(): Promise<ServiceWorkerRegistration> {
  const found = await navigator.serviceWorker.getRegistration();
  if (!found) throw new PushUnavailable(chatText('push.needsApp'));
  return found;
}

/** This browser's push subscription, if it has one. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (pushSupport() === 'unsupported') return null;
  const found = await navigator.serviceWorker.getRegistration();
  return (await found?.pushManager.getSubscription()) ?? null;
}

function withTimeout<T>(work: Promise<T>, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new PushUnavailable(message)), SUBSCRIBE_TIMEOUT_MS);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/**
 * Subscribes this browser with the server's key (a subscription made with another key is
 * replaced) and registers it with the server; registering the same one again is harmless.
 */
async function subscribeAndRegister(): Promise<void> {
  const key = await fetchVapidKey().catch(() => null);
  if (!key) throw new PushUnavailable(chatText('push.notSetUp'));
  const pushManager = (await registration()).pushManager;
  let subscription = await pushManager.getSubscription();
  const keyBytes = vapidKeyBytes(key);
  const usedKey = subscription?.options.applicationServerKey;
  if (subscription && usedKey && !sameBytes(new Uint8Array(usedKey), keyBytes)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await withTimeout(
    pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes }),
    chatText('push.noAnswer'),
  );
  const input = subscriptionInput(subscription.toJSON());
  if (!input) throw new PushUnavailable(chatText('push.incomplete'));
  const view = await pushApi.register(input);
  await writeDevice('subscription', input);
  await writeDevice('serverId', view.id);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The person turned notifications on for this device: asks permission (from their click). */
export async function turnPushOn(): Promise<void> {
  if (pushSupport() === 'unsupported') {
    throw new PushUnavailable(chatText('push.unsupported'));
  }
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') {
    throw new PushUnavailable(chatText('push.blocked'));
  }
  await writeDevice('turnedOff', undefined);
  await subscribeAndRegister();
}

/** The person turned them off here: the subscription ends and the server forgets it. */
export async function turnPushOff(): Promise<void> {
  await writeDevice('turnedOff', true);
  const serverId = await readDevice('serverId');
  await (await currentSubscription())?.unsubscribe();
  await writeDevice('subscription', undefined);
  await writeDevice('serverId', undefined);
  if (serverId) await pushApi.remove(serverId).catch(() => undefined);
}

/** The server's id of this browser's subscription, to mark "this device" in the list. */
export const thisDeviceId = (): Promise<string | undefined> => readDevice('serverId');

/**
 * Once signed in: where notifications are allowed and the person did not turn push off here,
 * this browser's subscription is (re)registered for the new session. Quiet on failure (no push
 * service, push not set up on the server): the settings screen says why when asked.
 */
export async function registerIfAllowed(): Promise<void> {
  if (pushSupport() !== 'granted' || (await readDevice('turnedOff'))) return;
  await subscribeAndRegister();
}
