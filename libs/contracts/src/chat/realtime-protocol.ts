import type { AckErrorCode } from '../errors/error-codes';
import type { ChatInfo, ChatMessage } from './chat-views';
import type { AckData, ClientToServerEvents, ServerToClientEvents } from './realtime-events';

interface ClientEventDoc<E extends keyof ClientToServerEvents> {
  description: string;
  example: Parameters<ClientToServerEvents[E]>[0];
  ackExample: AckData<E>;
  errors: AckErrorCode[];
}

interface ServerEventDoc<E extends keyof ServerToClientEvents> {
  description: string;
  /** Who receives it. */
  audience: string;
  example: Parameters<ServerToClientEvents[E]>[0];
}

const CHAT = '0193a1c2-5d6e-7f80-9a1b-2c3d4e5f6a7b';
const ADA = '0193a1c2-0000-7000-8000-00000000ada0';
const BOB = '0193a1c2-0000-7000-8000-00000000b0b0';

const MESSAGE: ChatMessage = {
  id: '0193a1c2-7777-7000-8000-000000000042',
  chatId: CHAT,
  seq: 42,
  senderId: ADA,
  clientMessageId: '6f1c2b9e-3a4d-4e5f-8a9b-0c1d2e3f4a5b',
  kind: 'text',
  text: 'See you at 8?',
  mediaId: null,
  media: null,
  file: null,
  system: null,
  createdAt: '2026-11-21T09:30:00.000Z',
  changeSeq: 42,
  editedAt: null,
  deletedAt: null,
  replyTo: null,
  reactions: [],
  mentions: [],
  previews: [],
};

const WITH_PREVIEW: ChatMessage = {
  ...MESSAGE,
  text: 'Route: https://trails.example/ridge-loop',
  changeSeq: 46,
  previews: [
    {
      index: 0,
      url: 'https://trails.example/ridge-loop',
      title: 'Ridge loop, 14 km',
      description: 'A day hike along the ridge, with two huts on the way.',
      siteName: 'Trails',
      image: {
        id: '0193a1c2-7777-7000-8000-0000000000aa',
        url: '/api/v1/media/0193a1c2-7777-7000-8000-0000000000aa',
        thumbnailUrl: '/api/v1/media/0193a1c2-7777-7000-8000-0000000000aa/thumbnail',
        mimeType: 'image/webp',
        size: 41_230,
        width: 600,
        height: 338,
      },
    },
  ],
};

const EDITED: ChatMessage = {
  ...MESSAGE,
  text: 'See you at 9?',
  changeSeq: 47,
  editedAt: '2026-11-21T09:35:00.000Z',
  reactions: [{ emoji: '👍', userIds: [BOB] }],
};

const CHAT_INFO: ChatInfo = {
  id: CHAT,
  kind: 'group',
  name: 'Weekend hike',
  createdBy: ADA,
  createdAt: '2026-11-20T18:00:00.000Z',
  updatedAt: '2026-11-21T09:31:00.000Z',
  lastSeq: 43,
  lastChangeSeq: 45,
  lastMessage: {
    id: MESSAGE.id,
    seq: 43,
    senderId: ADA,
    kind: 'system',
    text: null,
    createdAt: '2026-11-21T09:31:00.000Z',
    deletedAt: null,
    attachmentName: null,
    system: { type: 'members_added', actorId: ADA, userIds: [BOB] },
  },
  members: [
    {
      userId: ADA,
      role: 'owner',
      lastReadSeq: 43,
      lastDeliveredSeq: 43,
      profile: {
        id: ADA,
        name: 'Ada',
        handle: 'ada',
        avatarUrl: null,
        avatarThumbnailUrl: null,
      },
    },
    {
      userId: BOB,
      role: 'member',
      lastReadSeq: 0,
      lastDeliveredSeq: 0,
      profile: {
        id: BOB,
        name: 'Bob',
        handle: 'bob',
        avatarUrl: null,
        avatarThumbnailUrl: null,
      },
    },
  ],
  formerMembers: [],
};

/**
 * The Socket.IO protocol, one entry per event of the typed event maps (the compiler refuses a
 * missing or extra one). docs/realtime.md is generated from it: `npm run docs:realtime`.
 */
export const CLIENT_EVENTS: { [E in keyof ClientToServerEvents]: ClientEventDoc<E> } = {
  'message:send': {
    description:
      'Send text, an upload (`mediaId` of your unused image from `POST /api/v1/media` or file from `POST /api/v1/media/files`; a file uploaded with a duration is sent as a voice message), or both; with `replyToSeq`, as a reply to an earlier message of the chat that is not deleted (its `replyTo` quotes it: see Replies and quotes). Acknowledged once stored, with the stored message (its `seq` and `createdAt`); then `message:new` goes to the chat. The same `clientMessageId` again is acknowledged with the original and nothing new is sent. `unavailable`: more sends arrived than the server works on at once (`MESSAGE_SENDS_IN_FLIGHT`); nothing was stored, send it again.',
    example: { chatId: CHAT, clientMessageId: MESSAGE.clientMessageId!, text: 'See you at 8?' },
    ackExample: MESSAGE,
    errors: [
      'validation_failed',
      'not_a_member',
      'blocked',
      'conflict',
      'rate_limited',
      'unavailable',
    ],
  },
  'message:edit': {
    description:
      'Change the text of your own message (or the caption of your image); not system messages or deleted ones. Acknowledged with the message as it now is (`editedAt` set, a higher `changeSeq`); then `message:updated` goes to the chat. Replies to it are not sent again: clients derive their quotes from the edited message (see Replies and quotes). Counts against the same rate limit as sends.',
    example: { chatId: CHAT, seq: 42, text: 'See you at 9?' },
    ackExample: EDITED,
    errors: [
      'validation_failed',
      'forbidden',
      'not_a_member',
      'blocked',
      'not_found',
      'conflict',
      'rate_limited',
    ],
  },
  'message:delete': {
    description:
      'Delete a message for everyone: your own, or any in a group you own or administer. It becomes a tombstone (seq, sender, kind and dates stay; text, image, reactions, mentions and its own quote go, the image is no longer served). Acknowledged with the tombstone; then `message:updated` goes to the chat. Replies to it are not sent again: clients clear their quotes themselves (see Replies and quotes). Deleting it again is acknowledged with the same tombstone.',
    example: { chatId: CHAT, seq: 42 },
    ackExample: { ...MESSAGE, text: null, changeSeq: 48, deletedAt: '2026-11-21T09:40:00.000Z' },
    errors: [
      'validation_failed',
      'forbidden',
      'not_a_member',
      'not_found',
      'conflict',
      'rate_limited',
    ],
  },
  'reaction:add': {
    description:
      'Put one emoji on a message (at most 20 different ones of yours per message; the same one twice changes nothing). Acknowledged with the message; `message:updated` goes to the chat when something changed.',
    example: { chatId: CHAT, seq: 42, emoji: '👍' },
    ackExample: EDITED,
    errors: [
      'validation_failed',
      'forbidden',
      'not_a_member',
      'blocked',
      'not_found',
      'conflict',
      'rate_limited',
    ],
  },
  'reaction:remove': {
    description:
      'Take your emoji off a message (none there changes nothing). Acknowledged with the message; `message:updated` goes to the chat when something changed.',
    example: { chatId: CHAT, seq: 42, emoji: '👍' },
    ackExample: { ...EDITED, reactions: [] },
    errors: [
      'validation_failed',
      'forbidden',
      'not_a_member',
      'blocked',
      'not_found',
      'rate_limited',
    ],
  },
  'preview:remove': {
    description:
      "Take a link preview off your own message (`index` as in its `previews`; one not there changes nothing). The server adds previews a moment after a send (title, description, site name and our copy of the page's picture, for the first 3 links of a text) with `message:updated`; only the sender removes them, in a blocked chat too. Acknowledged with the message; `message:updated` goes to the chat when something changed.",
    example: { chatId: CHAT, seq: 42, index: 0 },
    ackExample: { ...WITH_PREVIEW, changeSeq: 49, previews: [] },
    errors: [
      'validation_failed',
      'forbidden',
      'not_a_member',
      'not_found',
      'conflict',
      'rate_limited',
    ],
  },
  'message:read': {
    description:
      'Move your read mark forward to `seq` (never backward, never past the last message). The chat gets `message:read` if it moved, except the people you blocked.',
    example: { chatId: CHAT, seq: 42 },
    ackExample: { chatId: CHAT, seq: 42 },
    errors: ['validation_failed', 'not_a_member', 'rate_limited'],
  },
  'message:delivered': {
    description:
      'Move your delivered mark forward to `seq`. The chat gets `message:delivered` if it moved, except the people you blocked.',
    example: { chatId: CHAT, seq: 42 },
    ackExample: { chatId: CHAT, seq: 42 },
    errors: ['validation_failed', 'not_a_member', 'rate_limited'],
  },
  'typing:start': {
    description:
      'You are typing. The other members get `typing` (at most once a second per chat), except the people you blocked; it stops by itself 5 s after the last start, or when you disconnect.',
    example: { chatId: CHAT },
    ackExample: null,
    errors: ['validation_failed', 'not_a_member', 'blocked', 'rate_limited'],
  },
  'typing:stop': {
    description:
      'You stopped typing; the other members get `typing` with `isTyping: false` (not the people you blocked).',
    example: { chatId: CHAT },
    ackExample: null,
    errors: ['validation_failed', 'rate_limited'],
  },
  'chat:sync': {
    description:
      'Catch up after a (re)connect: for each chat, the messages after `afterSeq`, oldest first, and with `afterChangeSeq` the messages at or below `afterSeq` changed since (edited, deleted, reacted to) in `changed`, held by you or not (a reply whose original changed is not among them: derive its quote, see Replies and quotes); at most 100 of each per chat and about 1 MB in all. `hasMore` means ask again, from the last seq received and with `nextAfterChangeSeq`. At most 100 cursors; several for one chat count as the lowest. Chats you are not in are listed in `notFound`.',
    example: { cursors: [{ chatId: CHAT, afterSeq: 41, afterChangeSeq: 44 }] },
    ackExample: {
      chats: [
        {
          chatId: CHAT,
          messages: [MESSAGE],
          changed: [],
          hasMore: false,
          nextAfterChangeSeq: 45,
        },
      ],
      notFound: [],
    },
    errors: ['validation_failed', 'rate_limited'],
  },
  'presence:get': {
    description:
      'Who of these people (at most 100) is online now, and when the others were last seen. Only people who share a chat with you and did not block you are answered; others are left out.',
    example: { userIds: [BOB] },
    ackExample: [{ userId: BOB, online: false, lastSeenAt: '2026-11-21T08:12:00.000Z' }],
    errors: ['validation_failed', 'rate_limited'],
  },
  'auth:renew': {
    description:
      'Give the socket a fresh access token of the same person before the one it connected with expires (get it from `POST /api/v1/auth/refresh`). Without it, the socket gets `session:ended` `expired` when its token expires and is disconnected. A token of another person or of an ended session is refused (`unauthorized`) and changes nothing.',
    example: { token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…' },
    ackExample: { expiresAt: '2026-11-21T09:45:00.000Z' },
    errors: ['validation_failed', 'unauthorized', 'rate_limited'],
  },
  'client:visibility': {
    description:
      'Your page came to the front (`visible: true`) or went to the background. While at least one socket of yours says visible, no push notification is sent to you; a socket starts as not visible, so say it after every (re)connect.',
    example: { visible: true },
    ackExample: null,
    errors: ['validation_failed', 'rate_limited'],
  },
};

export const SERVER_EVENTS: { [E in keyof ServerToClientEvents]: ServerEventDoc<E> } = {
  'message:new': {
    description:
      'A message was stored in one of your chats (yours included, so other tabs see it).',
    audience: 'every member of the chat',
    example: { message: MESSAGE },
  },
  'message:updated': {
    description:
      'A message of one of your chats was edited, deleted or reacted to, or got or lost link previews (the server adds them a moment after a send): the message as it now is. Events may arrive out of order; keep the copy with the highest `changeSeq`, then derive again the quotes of the replies to it that you hold (see Replies and quotes).',
    audience: 'every member of the chat',
    example: { message: EDITED },
  },
  'message:read': {
    description: "A member's read mark moved forward.",
    audience: 'every member of the chat but the people that member blocked',
    example: { chatId: CHAT, userId: BOB, seq: 42 },
  },
  'message:delivered': {
    description: "A member's delivered mark moved forward.",
    audience: 'every member of the chat but the people that member blocked',
    example: { chatId: CHAT, userId: BOB, seq: 42 },
  },
  typing: {
    description: 'Someone started or stopped typing.',
    audience:
      "the chat's other members (not the typist's own tabs, nor the people the typist blocked)",
    example: { chatId: CHAT, userId: ADA, isTyping: true },
  },
  'chat:updated': {
    description:
      'A chat was created, renamed, or its members changed. New members are moved into the chat by the server first; a removed member gets this last, then no more events of the chat.',
    audience: 'every member of the chat, including one just added or removed',
    example: { reason: 'members_added', chat: CHAT_INFO },
  },
  presence: {
    description:
      'Someone came online (first connection) or went offline (last connection closed, or their server died).',
    audience: 'everyone who shares a chat with them, except the people they blocked',
    example: { userId: BOB, online: false, lastSeenAt: '2026-11-21T08:12:00.000Z' },
  },
  'session:ended': {
    description:
      "The socket's sign-in session ended: `signed_out` (logout, the session was revoked, e.g. after a refresh token was used twice), `signed_out_elsewhere` (the person ended it from another device: `DELETE /auth/sessions/:id`) or `expired` (its access token expired without `auth:renew`). The server disconnects the socket right after; after `expired`, refresh the tokens and connect again.",
    audience: 'every socket of that session, on every instance, within a second',
    example: { reason: 'signed_out' },
  },
};
