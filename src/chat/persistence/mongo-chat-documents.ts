import type { Connection, Model } from 'mongoose';
import { modelWithIndexes } from '@app/database';
import type {
  ChatRecord,
  MemberRecord,
  MemberRole,
  MessageRecord,
  NewMessage,
} from './chat.records';
import {
  CHAT_MEMBER_MODEL,
  CHAT_MESSAGE_MODEL,
  CHAT_MODEL,
  ChatMemberSchema,
  ChatMessageSchema,
  ChatSchema,
  type ChatDocument,
  type ChatMemberDocument,
  type ChatMessageDocument,
} from './chat.schemas';

export type ChatModel = Model<ChatDocument>;
export type ChatMemberModel = Model<ChatMemberDocument>;
export type ChatMessageModel = Model<ChatMessageDocument>;

export const chatModel = (connection: Connection): Promise<ChatModel> =>
  modelWithIndexes(connection, CHAT_MODEL, ChatSchema);

export const chatMemberModel = (connection: Connection): Promise<ChatMemberModel> =>
  modelWithIndexes(connection, CHAT_MEMBER_MODEL, ChatMemberSchema);

export const chatMessageModel = (connection: Connection): Promise<ChatMessageModel> =>
  modelWithIndexes(connection, CHAT_MESSAGE_MODEL, ChatMessageSchema);

/** A chat without members yet: `memberIds` follows the member documents (see `ChatDocument`). */
export function newChat(
  id: string,
  kind: ChatDocument['kind'],
  name: string | null,
  createdBy: string,
  now: Date,
): ChatDocument {
  return {
    _id: id,
    kind,
    name,
    createdBy,
    createdAt: now,
    updatedAt: now,
    lastSeq: 0,
    lastMessage: null,
    memberIds: [],
  };
}

/**
 * A chat read without its member ids (up to 256 per group) and pair key, which no record needs:
 * the projection `CHAT_FIELDS` gives this shape.
 */
export type ChatFields = Omit<ChatDocument, 'memberIds' | 'directKey'>;
export const CHAT_FIELDS = { memberIds: 0, directKey: 0 } as const;

export function toChatRecord(doc: ChatFields): ChatRecord {
  const last = doc.lastMessage;
  return {
    id: doc._id,
    kind: doc.kind,
    name: doc.name ?? null,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    lastSeq: doc.lastSeq,
    lastMessage: last
      ? {
          id: last.id,
          seq: doc.lastSeq,
          senderId: last.senderId,
          kind: last.kind,
          text: last.text,
          createdAt: last.createdAt,
        }
      : null,
  };
}

export function toMemberRecord(doc: ChatMemberDocument): MemberRecord {
  return {
    chatId: doc.chatId,
    userId: doc.userId,
    role: doc.role,
    joinedAt: doc.joinedAt,
    lastReadSeq: doc.lastReadSeq,
    lastDeliveredSeq: doc.lastDeliveredSeq,
  };
}

/** Leaves null fields out: the partial indexes tell a field apart by `$exists`. */
const withoutNulls = <T extends object>(fields: T) =>
  Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== null && value !== undefined),
  ) as {
    [K in keyof T]?: NonNullable<T[K]>;
  };

/** A message as first stored: a reservation, without seq (see `ChatMessageDocument.seq`). */
export function newMessageDocument(
  id: string,
  message: NewMessage,
  createdAt: Date,
): ChatMessageDocument {
  const { chatId, kind, senderId, clientMessageId, text, mediaId, media, system } = message;
  return {
    _id: id,
    chatId,
    kind,
    createdAt,
    ...withoutNulls({ senderId, clientMessageId, text, mediaId, media, system }),
  };
}

export function toMessageRecord(doc: ChatMessageDocument, seq: number): MessageRecord {
  return {
    id: doc._id,
    chatId: doc.chatId,
    seq,
    senderId: doc.senderId ?? null,
    clientMessageId: doc.clientMessageId ?? null,
    kind: doc.kind,
    text: doc.text ?? null,
    mediaId: doc.mediaId ?? null,
    media: doc.media ?? null,
    system: doc.system ?? null,
    createdAt: doc.createdAt,
    editedAt: doc.editedAt ?? null,
    deletedAt: doc.deletedAt ?? null,
  };
}

/** Numbered messages only: reservations are not messages yet. */
export const numberedMessages = (docs: ChatMessageDocument[]): MessageRecord[] =>
  docs.flatMap((doc) => (doc.seq === undefined ? [] : [toMessageRecord(doc, doc.seq)]));

const ROLE_ORDER: Record<MemberRole, number> = { owner: 0, admin: 1, member: 2 };

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The SQL member order: join time (members added together share it), the owner first, then the
 * user id. Sorted here because a role rank is not a stored field; a chat has few members.
 */
export const byJoinOrder = (a: MemberRecord, b: MemberRecord): number =>
  a.joinedAt.getTime() - b.joinedAt.getTime() ||
  ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
  compareIds(a.userId, b.userId);

export const byChatThenJoinOrder = (a: MemberRecord, b: MemberRecord): number =>
  compareIds(a.chatId, b.chatId) || byJoinOrder(a, b);
