/** A browser's push subscription, kept for the sign-in session that registered it. */
export interface PushSubscriptionRecord {
  id: string;
  userId: string;
  sessionId: string;
  endpoint: string;
  /** The browser's P-256 public key and auth secret, base64url: what the payload is encrypted to. */
  p256dh: string;
  auth: string;
  createdAt: string;
}
