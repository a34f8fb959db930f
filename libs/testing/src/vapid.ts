import { generateVAPIDKeys } from 'web-push';

/** What production needs for Web Push: a fresh VAPID pair and a subject, as environment. */
export function productionVapid(): Record<string, string> {
  const keys = generateVAPIDKeys();
  return {
    VAPID_PUBLIC_KEY: keys.publicKey,
    VAPID_PRIVATE_KEY: keys.privateKey,
    VAPID_SUBJECT: 'mailto:ops@example.com',
  };
}
