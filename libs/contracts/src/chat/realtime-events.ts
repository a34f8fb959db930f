import type { AckErrorCode } from '../errors/error-codes';
import type { ChatInfo, ChatMessage, PresenceState } from './chat-views';

export interface AckError {
  /** The same vocabulary as REST error bodies (`ERROR_CODES`, errors/error-codes.ts). */
  code: AckErrorCode;
  message: string;
  /** With `rate_limited`: milliseconds until the next attempt can succeed. */
  retryAfterMs?: number;
  /** With `validation_failed`: the offending fields. */
  details?: unknown;
}

/** Every client event is acknowledged with exactly one of these. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };
export type AckCallback<T> = (response: Ack<T>) => void;

export interface SendMessagePayload {
  chatId: string;
  /** Chosen by the client (a UUID is ideal), unique per sender: a retry with the same id is not a new message. */
  clientMessageId: string;
  /** Required without `mediaId`; with it, an optional caption. */
  text?: string;
  /** An image (`POST /media`) or file (`POST /media/files`) you uploaded and have not used yet. */
  mediaId?: string;
  /** The seq of the message in this chat this one answers (not a deleted one). */
  replyToSeq?: number;
  /** Members of the chat this message mentions (at most 50). */
  mentions?: string[];
}

/** A message is addressed by its chat and its seq. */
export interface EditMessagePayload {
  chatId: string;
  seq: number;
  /** The new text (or caption), trimmed; same limits as a send. */
  text: string;
}

export interface ReactionPayload {
  chatId: string;
  seq: number;
  /** Exactly one emoji (one grapheme, at most 32 UTF-8 bytes). */
  emoji: string;
}

/** One link preview of a message: its `index` in the message's `previews`. */
export interface PreviewPayload {
  chatId: string;
  seq: number;
  /** The preview's `index` (0, 1 or 2: which of the message's links it shows). */
  index: number;
}

export interface SeqPayload {
  chatId: string;
  seq: number;
}

export interface ChatIdPayload {
  chatId: string;
}

export interface SyncCursor {
  chatId: string;
  /** The last seq the client has; 0 for none. */
  afterSeq: number;
  /**
   * The `nextAfterChangeSeq` of the last answer for this chat (or the chat's `lastChangeSeq` when
   * its history was loaded): changes to messages at or below `afterSeq` after it come in
   * `changed`. Left out: no changes are sent.
   */
  afterChangeSeq?: number;
}

export interface ChatSyncPayload {
  cursors: SyncCursor[];
}

export interface ChatSyncChat {
  chatId: string;
  /** Messages after `afterSeq`, oldest first, each as it is now. */
  messages: ChatMessage[];
  /**
   * Messages at or below `afterSeq` changed (edited, deleted, reacted to, previews added or
   * removed) after `afterChangeSeq`,
   * in change order, each as it is now. Empty when the cursor had no `afterChangeSeq`.
   */
  changed: ChatMessage[];
  /** Either list was cut short: ask again with the new cursors. */
  hasMore: boolean;
  /** The `afterChangeSeq` to ask with next time (unchanged when `changed` was not asked for). */
  nextAfterChangeSeq: number;
}

export interface ChatSyncResult {
  chats: ChatSyncChat[];
  /** Chats of the request the caller is not a member of. */
  notFound: string[];
}

export interface PresenceGetPayload {
  userIds: string[];
}

export interface MarkResult {
  chatId: string;
  /** The mark after the call (it never moves backward). */
  seq: number;
}

export interface AuthRenewPayload {
  /** A fresh access token of the same person (from `POST /api/v1/auth/refresh`). */
  token: string;
}

/** Whether a page of ours is in front of the person (`document.visibilityState`). */
export interface VisibilityPayload {
  visible: boolean;
}

export interface AuthRenewed {
  /** When the renewed token expires; renew again before then. */
  expiresAt: string;
}

/** Why the server ended a socket's session; the socket is disconnected right after. */
export type SessionEndReason =
  | 'signed_out' // logout, the session revoked (refresh-token reuse), or the account taken back
  | 'signed_out_elsewhere' // the person ended this session from another of their devices
  | 'expired'; // the access token expired and was not renewed with `auth:renew`

/** Events a client emits; the last argument is the acknowledgement callback. */
export interface ClientToServerEvents {
  'message:send': (payload: SendMessagePayload, ack: AckCallback<ChatMessage>) => void;
  'message:edit': (payload: EditMessagePayload, ack: AckCallback<ChatMessage>) => void;
  'message:delete': (payload: SeqPayload, ack: AckCallback<ChatMessage>) => void;
  'reaction:add': (payload: ReactionPayload, ack: AckCallback<ChatMessage>) => void;
  'reaction:remove': (payload: ReactionPayload, ack: AckCallback<ChatMessage>) => void;
  'preview:remove': (payload: PreviewPayload, ack: AckCallback<ChatMessage>) => void;
  'message:read': (payload: SeqPayload, ack: AckCallback<MarkResult>) => void;
  'message:delivered': (payload: SeqPayload, ack: AckCallback<MarkResult>) => void;
  'typing:start': (payload: ChatIdPayload, ack: AckCallback<null>) => void;
  'typing:stop': (payload: ChatIdPayload, ack: AckCallback<null>) => void;
  'chat:sync': (payload: ChatSyncPayload, ack: AckCallback<ChatSyncResult>) => void;
  'presence:get': (payload: PresenceGetPayload, ack: AckCallback<PresenceState[]>) => void;
  'auth:renew': (payload: AuthRenewPayload, ack: AckCallback<AuthRenewed>) => void;
  'client:visibility': (payload: VisibilityPayload, ack: AckCallback<null>) => void;
}

/** What client event `E` is sent with, and what its successful ack carries: derived from the map. */
export type EventPayload<E extends keyof ClientToServerEvents> = Parameters<
  ClientToServerEvents[E]
>[0];
export type AckData<E extends keyof ClientToServerEvents> = Parameters<
  ClientToServerEvents[E]
>[1] extends (response: Ack<infer T>) => void
  ? T
  : never;

export type ChatUpdateReason =
  'created' | 'renamed' | 'members_added' | 'member_removed' | 'member_left' | 'members_changed';

/** Events the server emits. */
export interface ServerToClientEvents {
  'message:new': (event: { message: ChatMessage }) => void;
  /**
   * After an edit, a deletion, a reaction change, or link previews added or removed: the message
   * as it is now.
   */
  'message:updated': (event: { message: ChatMessage }) => void;
  'message:read': (event: { chatId: string; userId: string; seq: number }) => void;
  'message:delivered': (event: { chatId: string; userId: string; seq: number }) => void;
  typing: (event: { chatId: string; userId: string; isTyping: boolean }) => void;
  'chat:updated': (event: { reason: ChatUpdateReason; chat: ChatInfo }) => void;
  presence: (event: PresenceState) => void;
  'session:ended': (event: { reason: SessionEndReason }) => void;
}

/** Error message of `connect_error` when the handshake has no valid access token. */
export const UNAUTHORIZED_CONNECT_ERROR = 'unauthorized';

/**
 * Error message of `connect_error` when the server cannot take the connection now (a service it
 * needs is down or busy). Socket.IO does not retry a handshake refused by the server by itself:
 * call `socket.connect()` again after a pause.
 */
export const UNAVAILABLE_CONNECT_ERROR = 'unavailable';
