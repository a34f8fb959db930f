import { createECDH } from 'node:crypto';

/**
 * The browser's keys of a subscription: `p256dh` a point on P-256 (65 bytes, uncompressed) and
 * `auth` 16 bytes, both base64url. A key off the curve would only fail later, at every send.
 */
export function subscriptionKeysProblem(keys: { p256dh: string; auth: string }): string | null {
  const base64url = /^[A-Za-z0-9_-]+={0,2}$/;
  if (!base64url.test(keys.auth) || Buffer.from(keys.auth, 'base64url').length !== 16)
    return 'keys.auth must be 16 bytes in base64url';
  const point = base64url.test(keys.p256dh) ? Buffer.from(keys.p256dh, 'base64url') : null;
  if (!point || point.length !== 65 || point[0] !== 4)
    return 'keys.p256dh must be an uncompressed P-256 public key (65 bytes) in base64url';
  try {
    const ours = createECDH('prime256v1');
    ours.generateKeys();
    ours.computeSecret(point);
  } catch {
    return 'keys.p256dh is not a point on P-256';
  }
  return null;
}
