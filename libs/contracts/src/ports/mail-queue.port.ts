/** The BullMQ queue (and RabbitMQ routing, in the split deployment) that carries e-mail jobs. */
export const MAIL_QUEUE = 'mail';

export interface OtpMailRequest {
  /** The same key twice means the same e-mail: it is sent once (a retried or duplicated enqueue). */
  idempotencyKey: string;
  /** Lower-cased recipient address. */
  to: string;
  code: string;
  expiresInSec: number;
  /** Lets one sign-in be followed from the API call to the delivered e-mail. */
  requestId?: string;
}

/** "You have unread messages" for someone who stayed away while messages arrived. */
export interface UnreadNotificationRequest {
  /** Same key, same e-mail: sent once. */
  idempotencyKey: string;
  /** The mail module looks up the address through `UserDirectory`. */
  userId: string;
  unreadMessages: number;
  chats: number;
}

/** "New sign-in on Firefox on Linux; not you?" for a sign-in from a device not seen before. */
export interface NewSignInRequest {
  /** Same key, same e-mail: sent once. */
  idempotencyKey: string;
  /** The mail module looks up the address through `UserDirectory`. */
  userId: string;
  /** "Firefox on Linux", from the User-Agent. */
  device: string;
  /** ISO 8601. */
  signedInAt: string;
  /** Opens a page that signs out every session, once. */
  signOutEverywhereUrl: string;
}

/**
 * How users and chat ask for e-mail. Enqueueing returns as soon as the request is safely accepted;
 * delivery happens later, with retries, in the mail module.
 */
export abstract class MailQueue {
  abstract enqueueOtp(request: OtpMailRequest): Promise<void>;

  abstract enqueueUnreadNotification(request: UnreadNotificationRequest): Promise<void>;

  abstract enqueueNewSignIn(request: NewSignInRequest): Promise<void>;
}
