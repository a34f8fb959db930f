import type { PushSubscriptionInput } from '@app/contracts/push/push-views';

/**
 * What the server takes (`PushSubscriptionInput`) from what the browser gives
 * (`subscription.toJSON()`), or null when the browser left out the endpoint or a key. Shared by
 * the page and the service worker.
 */
export function subscriptionInput(json: PushSubscriptionJSON): PushSubscriptionInput | null {
  const { endpoint, keys } = json;
  if (!endpoint || !keys?.p256dh || !keys.auth) return null;
  return {
    endpoint,
    expirationTime: json.expirationTime ?? null,
    keys: { p256dh: keys.p256dh, auth: keys.auth },
  };
}

/** The VAPID key as `applicationServerKey` wants it: the bytes of the base64url text. */
export function vapidKeyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const text = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** `GET /api/v1/push/vapid-public-key` (no sign-in needed); null when push is not set up. */
export async function fetchVapidKey(): Promise<string | null> {
  const res = await fetch('/api/v1/push/vapid-public-key', { credentials: 'same-origin' });
  if (!res.ok) return null;
  const body = (await res.json().catch(() => null)) as { publicKey?: unknown } | null;
  return typeof body?.publicKey === 'string' ? body.publicKey : null;
}
