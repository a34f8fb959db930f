import { Schema } from 'mongoose';
import { CHAT_NOTIFY_LEVELS, MESSAGE_KINDS } from '@app/contracts';
import type {
  ChatRecord,
  FormerMemberRecord,
  LastMessageSummary,
  MemberRecord,
  StoredMessage,
} from '../chat.records';

// The documents are the records (chat.records.ts) with `_id` for `id`; the schemas below list
// their fields for Mongoose, which casts and keeps only declared fields.

/** Index names, for telling one duplicate-key error from another. */
export const DIRECT_KEY_INDEX = 'chats_direct_key_unique';
export const SENDER_CLIENT_MESSAGE_ID_INDEX = 'messages_sender_client_message_id_unique';

type WithMongoId<T extends { id: string }> = Omit<T, 'id'> & { _id: string };

/** The newest message as stored on the chat: its seq is the chat's `lastSeq`, written with it. */
export type LastMessageDocument = Omit<LastMessageSummary, 'seq'>;

export type ChatDocument = WithMongoId<Omit<ChatRecord, 'lastMessage' | 'blocked'>> & {
  lastMessage: LastMessageDocument | null;
  /** Direct chats only (absent on groups): both user ids sorted and joined with ':'. */
  directKey?: string;
  /**
   * The members' user ids, written in the same transactions as the member documents: the chat
   * list is one index-backed query, and a send checks membership in the update that takes its seq.
   */
  memberIds: string[];
  /** Direct chats only: one member blocked the other, so nobody sends into it. */
  blocked?: boolean;
};

export type ChatMemberDocument = MemberRecord & { _id: string };
export type ChatFormerMemberDocument = FormerMemberRecord & { _id: string };

/** Fields that may be null are left out instead: a partial index's `$exists` counts a stored null. */
type NullsLeftOut<T> = { [K in keyof T as null extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as null extends T[K] ? K : never]?: NonNullable<T[K]>;
};

/** A message as stored: the record without its quote, which is read from the original. */
export type ChatMessageDocument = NullsLeftOut<WithMongoId<StoredMessage>>;

const required = <T>(type: T) => ({ type, required: true }) as const;

export const ChatSchema = new Schema<ChatDocument>(
  {
    _id: required(String),
    kind: { type: String, required: true, enum: ['direct', 'group'] },
    name: { type: String, default: null },
    createdBy: required(String),
    createdAt: required(Date),
    updatedAt: required(Date),
    lastSeq: required(Number),
    // Absent on chats stored before the change log: read as 0.
    lastChangeSeq: { type: Number, default: 0 },
    lastMessage: { type: Object, default: null },
    blocked: Boolean,
    directKey: String,
    memberIds: [String],
  },
  { collection: 'chats', versionKey: false },
);
// Partial: only direct chats carry the key, so groups never collide.
ChatSchema.index(
  { directKey: 1 },
  {
    name: DIRECT_KEY_INDEX,
    unique: true,
    partialFilterExpression: { directKey: { $exists: true } },
  },
);
// The chat list: one user's chats by last activity, newest first (multikey on memberIds).
ChatSchema.index({ memberIds: 1, updatedAt: -1, _id: -1 }, { name: 'chats_member_activity' });

export const ChatMemberSchema = new Schema<ChatMemberDocument>(
  {
    _id: required(String),
    chatId: required(String),
    userId: required(String),
    role: { type: String, required: true, enum: ['owner', 'admin', 'member'] },
    joinedAt: required(Date),
    lastReadSeq: required(Number),
    lastDeliveredSeq: required(Number),
    mutedUntil: Date,
    notify: { type: String, enum: CHAT_NOTIFY_LEVELS, default: 'all' },
  },
  { collection: 'chat_members', versionKey: false },
);
ChatMemberSchema.index(
  { chatId: 1, userId: 1 },
  { name: 'chat_members_chat_user_unique', unique: true },
);
ChatMemberSchema.index({ userId: 1, chatId: 1 }, { name: 'chat_members_user_chats' });

/** As `chat_former_members` on SQL: who went, when, and the marks they had. */
export const ChatFormerMemberSchema = new Schema<ChatFormerMemberDocument>(
  {
    _id: required(String),
    chatId: required(String),
    userId: required(String),
    leftAt: required(Date),
    lastReadSeq: required(Number),
    lastDeliveredSeq: required(Number),
  },
  { collection: 'chat_former_members', versionKey: false },
);
ChatFormerMemberSchema.index(
  { chatId: 1, userId: 1 },
  { name: 'chat_former_members_chat_user_unique', unique: true },
);
ChatFormerMemberSchema.index({ chatId: 1, leftAt: -1 }, { name: 'chat_former_members_recent' });

export const ChatMessageSchema = new Schema<ChatMessageDocument>(
  {
    _id: required(String),
    chatId: required(String),
    seq: required(Number),
    senderId: String,
    clientMessageId: String,
    kind: { type: String, required: true, enum: [...MESSAGE_KINDS] },
    text: String,
    mediaId: String,
    // Stored as given, like the SQL jsonb columns.
    media: Object,
    system: Object,
    createdAt: required(Date),
    editedAt: Date,
    deletedAt: Date,
    changeSeq: { type: Number, default: 0 },
    replyToSeq: Number,
    reactions: { type: [Object], default: [] },
    mentions: { type: [String], default: [] },
    // Absent on messages stored before link previews: read as [].
    previews: { type: [Object], default: [] },
  },
  { collection: 'messages', versionKey: false },
);
// Partial because versions before transactions stored a message before its seq; every message
// has one now. Unchanged, so that an existing deployment keeps its index.
ChatMessageSchema.index(
  { chatId: 1, seq: 1 },
  {
    name: 'messages_chat_seq_unique',
    unique: true,
    partialFilterExpression: { seq: { $exists: true } },
  },
);
// chat:sync's `changed` and the REST change feed: a chat's messages by change order.
ChatMessageSchema.index({ chatId: 1, changeSeq: 1 }, { name: 'messages_chat_change_seq' });
// Only messages with both ids are idempotent; system messages (no client id) never collide.
ChatMessageSchema.index(
  { senderId: 1, clientMessageId: 1 },
  {
    name: SENDER_CLIENT_MESSAGE_ID_INDEX,
    unique: true,
    partialFilterExpression: { senderId: { $exists: true }, clientMessageId: { $exists: true } },
  },
);
// 'none' rather than a language, as the SQL 'simple' configuration: chats mix languages, and
// stemming one would garble the others.
ChatMessageSchema.index(
  { text: 'text' },
  { name: 'messages_text_search', default_language: 'none' },
);
// "May this person see this image": find the chats an image was posted in.
ChatMessageSchema.index(
  { mediaId: 1 },
  { name: 'messages_media_id', partialFilterExpression: { mediaId: { $exists: true } } },
);
// The same for the picture of a link preview (multikey over the message's previews).
ChatMessageSchema.index(
  { 'previews.image.id': 1 },
  {
    name: 'messages_preview_images',
    partialFilterExpression: { 'previews.image.id': { $exists: true } },
  },
);
// Unread mentions: a person's mentions by chat and seq, so counting them never walks a chat's
// whole unread range (multikey: one entry per person mentioned).
ChatMessageSchema.index({ mentions: 1, chatId: 1, seq: 1 }, { name: 'messages_mentions_chat_seq' });
