import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { MediaView } from '@app/contracts';
import type { ChatKind, MemberRole, MessageKind, SystemEvent } from './chat.records';

/**
 * `LastMessageSummary` as stored on the chat, without its seq: it is always the chat's `lastSeq`,
 * because the two are written by the same update.
 */
export interface LastMessageDocument {
  id: string;
  senderId: string | null;
  kind: MessageKind;
  text: string | null;
  createdAt: Date;
}

export const CHAT_MODEL = 'Chat';
export const CHAT_MEMBER_MODEL = 'ChatMember';
export const CHAT_MESSAGE_MODEL = 'ChatMessage';

/** Index names, for telling one duplicate-key error from another. */
export const DIRECT_KEY_INDEX = 'chats_direct_key_unique';
export const SENDER_CLIENT_MESSAGE_ID_INDEX = 'messages_sender_client_message_id_unique';

@Schema({ collection: 'chats', versionKey: false })
export class ChatDocument {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true, enum: ['direct', 'group'] })
  kind!: ChatKind;

  @Prop({ type: String, default: null })
  name!: string | null;

  @Prop({ type: String, required: true })
  createdBy!: string;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;

  @Prop({ type: Number, required: true, default: 0 })
  lastSeq!: number;

  @Prop({ type: Object, default: null })
  lastMessage!: LastMessageDocument | null;

  /** Direct chats only (absent on groups): both user ids sorted and joined with ':'. */
  @Prop({ type: String })
  directKey?: string;

  /**
   * The members' user ids, copied from the member documents so that the chat list is one
   * index-backed query and an append can check membership in the update that takes the seq.
   * Always a subset of the member documents: added after them, removed before them.
   */
  @Prop({ type: [String], default: [] })
  memberIds!: string[];
}

export const ChatSchema = SchemaFactory.createForClass(ChatDocument);
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

@Schema({ collection: 'chat_members', versionKey: false })
export class ChatMemberDocument {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  chatId!: string;

  @Prop({ type: String, required: true })
  userId!: string;

  @Prop({ type: String, required: true, enum: ['owner', 'admin', 'member'] })
  role!: MemberRole;

  @Prop({ type: Date, required: true })
  joinedAt!: Date;

  @Prop({ type: Number, required: true, default: 0 })
  lastReadSeq!: number;

  @Prop({ type: Number, required: true, default: 0 })
  lastDeliveredSeq!: number;
}

export const ChatMemberSchema = SchemaFactory.createForClass(ChatMemberDocument);
ChatMemberSchema.index(
  { chatId: 1, userId: 1 },
  { name: 'chat_members_chat_user_unique', unique: true },
);
ChatMemberSchema.index({ userId: 1, chatId: 1 }, { name: 'chat_members_user_chats' });

/**
 * A message. Optional fields are left out rather than stored as null: the partial indexes below
 * select documents with `$exists`, which a stored null would satisfy.
 */
@Schema({ collection: 'messages', versionKey: false })
export class ChatMessageDocument {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  chatId!: string;

  /**
   * Absent while the message is only a reservation of its (sender, client message id): the seq
   * is taken after that, so that a duplicate never uses one. Every read skips reservations.
   */
  @Prop({ type: Number })
  seq?: number;

  @Prop({ type: String })
  senderId?: string;

  @Prop({ type: String })
  clientMessageId?: string;

  @Prop({ type: String, required: true, enum: ['text', 'image', 'system'] })
  kind!: MessageKind;

  @Prop({ type: String })
  text?: string;

  @Prop({ type: String })
  mediaId?: string;

  /** Stored as given, like the SQL jsonb columns. */
  @Prop({ type: Object })
  media?: MediaView;

  @Prop({ type: Object })
  system?: SystemEvent;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date })
  editedAt?: Date;

  @Prop({ type: Date })
  deletedAt?: Date;
}

export const ChatMessageSchema = SchemaFactory.createForClass(ChatMessageDocument);
ChatMessageSchema.index(
  { chatId: 1, seq: 1 },
  {
    name: 'messages_chat_seq_unique',
    unique: true,
    partialFilterExpression: { seq: { $exists: true } },
  },
);
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
