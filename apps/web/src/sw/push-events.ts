import type { PushPayload } from '@app/contracts/push/push-views';
import { hashFor } from '../lib/chat-url';
import { readDevice, writeDevice } from '../push/push-db';
import { fetchVapidKey, subscriptionInput, vapidKeyBytes } from '../push/subscription-json';

declare let self: ServiceWorkerGlobalScope;

/** What a notification of ours carries, for the click. */
interface NotificationData {
  chatId: string;
  seq: number;
}

/** Browsers still take `renotify`; the DOM types no longer list it. */
type ShownOptions = NotificationOptions & { renotify?: boolean };

/** Pushes become notifications; a click opens the chat; a renewed subscription is registered. */
export function listenForPushes(): void {
  self.addEventListener('push', (event) => {
    const payload = readPayload(event.data);
    if (payload) event.waitUntil(onPush(payload));
  });
  self.addEventListener('notificationclick', (event) => {
    event.notification.close();
    const data = event.notification.data as Partial<NotificationData> | null;
    if (typeof data?.chatId === 'string') event.waitUntil(openChat(data.chatId));
  });
  self.addEventListener('pushsubscriptionchange', (event) => event.waitUntil(renew(event)));
}

/** The decrypted payload, if it is one of ours (anything else is ignored). */
function readPayload(data: PushMessageData | null): PushPayload | null {
  let payload: unknown;
  try {
    payload = data?.json();
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null) return null;
  const { type, chatId, tag } = payload as Partial<Record<string, unknown>>;
  if ((type !== 'message' && type !== 'retract') || typeof chatId !== 'string') return null;
  return typeof tag === 'string' ? (payload as PushPayload) : null;
}

async function onPush(payload: PushPayload): Promise<void> {
  await setBadge(payload.unreadTotal);
  if (payload.type === 'retract') {
    const shown = await self.registration.getNotifications({ tag: payload.tag });
    for (const notification of shown) notification.close();
    return;
  }
  // A page of ours in front already shows the message (and notifies from the page itself when it
  // is not focused): a second notification would only repeat it.
  if (await aWindowIsInFront()) return;
  const options: ShownOptions = {
    body: payload.body,
    // One notification per chat: a newer message replaces it, and still alerts (renotify).
    tag: payload.tag,
    renotify: true,
    icon: '/icons/icon-192.png',
    data: { chatId: payload.chatId, seq: payload.seq } satisfies NotificationData,
  };
  await self.registration.showNotification(payload.title, options);
}

async function aWindowIsInFront(): Promise<boolean> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  return windows.some((w) => w.focused || w.visibilityState === 'visible');
}

/** The unread total on the app's icon, where the system has badges (installed apps). */
async function setBadge(unreadTotal: number): Promise<void> {
  const navigator = self.navigator;
  if (typeof navigator.setAppBadge !== 'function') return;
  try {
    if (unreadTotal > 0) await navigator.setAppBadge(unreadTotal);
    else await navigator.clearAppBadge();
  } catch {
    // Not allowed here (not installed, or no badge on this system): the notification still shows.
  }
}

/**
 * An open window of the app is brought to the front and told which chat to open (the page
 * follows its address hash, lib/chat-url.ts); with none, a new one opens at the chat's address.
 */
async function openChat(chatId: string): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const app = windows.filter((w) => new URL(w.url).pathname === '/');
  const target = app.find((w) => w.focused) ?? app[0];
  if (!target) {
    await self.clients.openWindow(`/${hashFor(chatId)}`);
    return;
  }
  target.postMessage({ type: 'open-chat', chatId });
  // The browser may refuse the focus (no click behind it): the chat is open all the same.
  await target.focus().catch(() => undefined);
}

/**
 * The push service replaced this browser's subscription: subscribe again if the browser did not,
 * and tell the server (`PUT /push/subscriptions/renewal`, no session needed: the old
 * subscription's auth secret proves it is this browser).
 */
async function renew(event: PushSubscriptionChangeEvent): Promise<void> {
  const saved = await readDevice('subscription');
  const old = (event.oldSubscription && subscriptionInput(event.oldSubscription.toJSON())) ?? saved;
  if (!old) return;
  let fresh = event.newSubscription;
  if (!fresh) {
    const key = await fetchVapidKey();
    if (!key) return;
    fresh = await self.registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: vapidKeyBytes(key),
    });
  }
  const subscription = subscriptionInput(fresh.toJSON());
  if (!subscription) return;
  const res = await fetch('/api/v1/push/subscriptions/renewal', {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ oldEndpoint: old.endpoint, oldAuth: old.keys.auth, subscription }),
  });
  if (res.ok) await writeDevice('subscription', subscription);
}
