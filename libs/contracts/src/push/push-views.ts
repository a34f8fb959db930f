/**
 * Web Push (RFC 8030, payloads encrypted per RFC 8291, signed with VAPID per RFC 8292): what the
 * client registers, what it reads back, and what its service worker receives.
 */

/** `GET /api/v1/push/vapid-public-key`: the server's key, for `PushManager.subscribe`. */
export interface VapidPublicKeyView {
  /** The uncompressed P-256 public key, base64url without padding (65 bytes decoded). */
  publicKey: string;
}

/** `POST /api/v1/push/subscriptions`: `PushSubscription.toJSON()` as the browser gives it. */
export interface PushSubscriptionInput {
  /** The push service's https URL for this browser; only known push services are accepted. */
  endpoint: string;
  /** Milliseconds since the epoch, or null, as the browser reports it. */
  expirationTime?: number | null;
  keys: {
    /** The browser's P-256 public key, base64url (65 bytes decoded). */
    p256dh: string;
    /** The shared authentication secret, base64url (16 bytes decoded). */
    auth: string;
  };
}

/** One of the caller's push subscriptions. The keys are never given back. */
export interface PushSubscriptionView {
  id: string;
  /** The push service's host name (the full endpoint is a secret of that browser). */
  service: string;
  createdAt: string;
  /** It belongs to the session that made this request. */
  currentSession: boolean;
}

/** The caller's push preferences (`GET` and `PUT /api/v1/push/settings`). */
export interface PushSettingsView {
  /** Show the message's text in notifications; off shows "New message". Default on. */
  showText: boolean;
}

/** Per chat, for oneself: which messages may become a push notification. */
export const CHAT_NOTIFY_LEVELS = ['all', 'mentions', 'none'] as const;
export type ChatNotifyLevel = (typeof CHAT_NOTIFY_LEVELS)[number];

/** What the service worker receives in a push, once decrypted (JSON). */
export type PushPayload =
  | {
      type: 'message';
      chatId: string;
      /** The newest message this notification stands for. */
      seq: number;
      /** Sender, and the chat's name for a group ("Ann in Team"). */
      title: string;
      /** The text, or "New message" when the person hides texts; with a count for a burst. */
      body: string;
      /** Messages this notification stands for (a burst in one chat is one notification). */
      count: number;
      /** One per chat: a newer notification replaces the older one. */
      tag: string;
      /** Mentions and replies to the person. */
      mention: boolean;
      /** The person's unread messages over all chats, for the app badge. */
      unreadTotal: number;
    }
  | {
      /** The messages of this chat's notification were deleted or read: take it down. */
      type: 'retract';
      chatId: string;
      tag: string;
      unreadTotal: number;
    };

/**
 * The notification tag of a chat's notifications, also its RFC 8030 `Topic` (at most 32
 * characters of the base64url alphabet): the chat id's 32 hex digits.
 */
export const pushTagOf = (chatId: string): string => chatId.replace(/-/g, '').toLowerCase();
