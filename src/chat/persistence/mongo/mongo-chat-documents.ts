import type { ClientSession, Connection, Model } from 'mongoose';
import { modelWithIndexes, newId } from '@app/database';
import { blockId, type UserBlockDocument } from './block.schema';
import {
  replyQuoteOf,
  attachmentNameOf,
  summaryText,
  type ChatRecord,
  type MemberRecord,
  type MemberRole,
  type MessageRecord,
  type NewMessage,
  type StoredMessage,
} from '../chat.records';
import {
  ChatFormerMemberSchema,
  ChatMemberSchema,
  ChatMessageSchema,
  ChatSchema,
  type ChatDocument,
  type ChatFormerMemberDocument,
  type ChatMemberDocument,
  type ChatMessageDocument,
  type LastMessageDocument,
} from './chat.schema';

/** The chat collections, and the connection whose transactions span them. */
export interface ChatModels {
  connection: Connection;
  chats: Model<ChatDocument>;
  members: Model<ChatMemberDocument>;
  formerMembers: Model<ChatFormerMemberDocument>;
  messages: Model<ChatMessageDocument>;
}

export async function chatModels(connection: Connection): Promise<ChatModels> {
  return {
    connection,
    chats: await modelWithIndexes(connection, 'Chat', ChatSchema),
    members: await modelWithIndexes(connection, 'ChatMember', ChatMemberSchema),
    formerMembers: await modelWithIndexes(connection, 'ChatFormerMember', ChatFormerMemberSchema),
    messages: await modelWithIndexes(connection, 'ChatMessage', ChatMessageSchema),
  };
}

/** A chat read without its member ids (up to 256 per group) and pair key, which no record needs. */
export type ChatFields = Omit<ChatDocument, 'memberIds' | 'directKey'>;
export const CHAT_FIELDS = { memberIds: 0, directKey: 0 } as const;

export function toChatRecord(doc: ChatFields): ChatRecord {
  const { _id, kind, name, createdBy, createdAt, updatedAt, lastSeq, lastMessage } = doc;
  return {
    id: _id,
    kind,
    name,
    createdBy,
    createdAt,
    updatedAt,
    lastSeq,
    // Absent on chats stored before the change log.
    lastChangeSeq: doc.lastChangeSeq ?? 0,
    blocked: doc.blocked === true,
    lastMessage: lastMessage && {
      ...lastMessage,
      deletedAt: lastMessage.deletedAt ?? null,
      // Absent on summaries stored before the system event was kept.
      system: lastMessage.system ?? null,
      seq: lastSeq,
    },
  };
}

export function toMemberRecord({ _id, ...member }: ChatMemberDocument): MemberRecord {
  // Members stored before mutes, or before push, lack the fields.
  return { ...member, mutedUntil: member.mutedUntil ?? null, notify: member.notify ?? 'all' };
}

export function toStoredMessage({ _id, ...stored }: ChatMessageDocument): StoredMessage {
  return { id: _id, ...LEFT_OUT, ...BEFORE_THE_CHANGE_LOG, ...stored };
}

/**
 * Messages with their quotes: the originals they answer, as they are now, read in one query
 * (inside `session` when given, so a transaction sees its own writes).
 */
export async function withQuotes(
  models: ChatModels,
  docs: readonly ChatMessageDocument[],
  session?: ClientSession,
): Promise<MessageRecord[]> {
  const stored = docs.map(toStoredMessage);
  const quoting = stored.filter((m) => m.replyToSeq !== null && m.deletedAt === null);
  if (quoting.length === 0) return stored.map((m) => ({ ...m, replyTo: null }));
  const originals = await models.messages
    .find(
      { $or: quoting.map((m) => ({ chatId: m.chatId, seq: m.replyToSeq })) },
      { chatId: 1, seq: 1, senderId: 1, kind: 1, text: 1, deletedAt: 1 },
    )
    .session(session ?? null)
    .lean();
  const byPlace = new Map(originals.map((o) => [`${o.chatId}:${o.seq}`, o]));
  return stored.map((m) => {
    const original = m.deletedAt ? undefined : byPlace.get(`${m.chatId}:${m.replyToSeq}`);
    const quote =
      original &&
      replyQuoteOf({
        seq: original.seq,
        senderId: original.senderId ?? null,
        kind: original.kind,
        text: original.text ?? null,
        deletedAt: original.deletedAt ?? null,
      });
    return { ...m, replyTo: quote ?? null };
  });
}

/** Fields that messages stored before the change log (or before link previews) lack. */
const BEFORE_THE_CHANGE_LOG: Pick<
  StoredMessage,
  'changeSeq' | 'reactions' | 'mentions' | 'previews'
> = {
  changeSeq: 0,
  reactions: [],
  mentions: [],
  previews: [],
};

type NullableFields = {
  [K in keyof StoredMessage as null extends StoredMessage[K] ? K : never]: null;
};

/** The fields a document leaves out when they are null (see `ChatMessageDocument`). */
const LEFT_OUT: NullableFields = {
  senderId: null,
  clientMessageId: null,
  text: null,
  mediaId: null,
  media: null,
  system: null,
  editedAt: null,
  deletedAt: null,
  replyToSeq: null,
};

function toMessageDocument({ id, ...record }: StoredMessage): ChatMessageDocument {
  const present = Object.entries(record).filter(([, value]) => value !== null);
  return { _id: id, ...(Object.fromEntries(present) as Omit<ChatMessageDocument, '_id'>) };
}

/**
 * Stores a message with the chat's next seq, inside the caller's transaction (see
 * docs/persistence.md). The chat document is written first: concurrent senders to one chat
 * conflict there, and the driver runs the losers' transactions again. With `senderMustBeMember`,
 * nothing is written unless the sender is among the chat's `memberIds` (null).
 */
export async function appendMessage(
  models: ChatModels,
  session: ClientSession,
  message: NewMessage,
  senderMustBeMember: boolean,
): Promise<MessageRecord | null> {
  const { chatId, senderId } = message;
  const createdAt = new Date();
  const id = newId(createdAt.getTime());
  const lastMessage: LastMessageDocument = {
    id,
    senderId,
    kind: message.kind,
    text: message.text === null ? null : summaryText(message.text),
    attachmentName: attachmentNameOf(message),
    createdAt,
    deletedAt: null,
    system: message.system,
  };
  const chat = await models.chats
    .findOneAndUpdate(
      // A member's send also needs the chat not to be blocked (a direct chat where one blocked the other).
      senderMustBeMember
        ? { _id: chatId, memberIds: senderId, blocked: { $ne: true } }
        : { _id: chatId },
      {
        $inc: { lastSeq: 1, lastChangeSeq: 1 },
        $max: { updatedAt: createdAt },
        $set: { lastMessage },
      },
      { session, returnDocument: 'after', projection: { lastSeq: 1, lastChangeSeq: 1 } },
    )
    .lean();
  if (!chat) return null;
  const seq = chat.lastSeq;
  const record: StoredMessage = {
    ...message,
    mentions: await mentionsLessBlockers(models, session, message),
    id,
    seq,
    createdAt,
    editedAt: null,
    deletedAt: null,
    changeSeq: chat.lastChangeSeq,
    reactions: [],
    previews: [],
  };
  const document = toMessageDocument(record);
  await models.messages.insertOne(document, { session });
  if (senderId !== null) {
    await models.members.updateOne(
      { chatId, userId: senderId },
      { $max: { lastReadSeq: seq, lastDeliveredSeq: seq } },
      { session },
    );
  }
  const [stored] = await withQuotes(models, [document], session);
  return stored;
}

/**
 * The message's mentions, in their order, without the people who blocked the sender, read in the
 * transaction: a blocked person's mention never reaches the blocker (no unread mention, no early
 * reminder, no highlight). A message that mentions nobody, as most do, reads nothing.
 */
async function mentionsLessBlockers(
  models: ChatModels,
  session: ClientSession,
  { mentions, senderId }: NewMessage,
): Promise<string[]> {
  if (mentions.length === 0 || senderId === null) return mentions;
  const blocks = await models.connection
    .collection<UserBlockDocument>('user_blocks')
    .find(
      { _id: { $in: mentions.map((mentioned) => blockId(mentioned, senderId)) } },
      { session, projection: { blockerId: 1 } },
    )
    .toArray();
  const blockers = new Set(blocks.map((block) => block.blockerId));
  return mentions.filter((mentioned) => !blockers.has(mentioned));
}

/** Member documents for new members, all joining at `joinedAt`. */
export const newMembers = (
  chatId: string,
  userIds: readonly string[],
  roleOf: (userId: string) => MemberRole,
  joinedAt: Date,
  marksOf: (userId: string) => Pick<MemberRecord, 'lastReadSeq' | 'lastDeliveredSeq'> = () => ({
    lastReadSeq: 0,
    lastDeliveredSeq: 0,
  }),
): ChatMemberDocument[] =>
  userIds.map((userId) => ({
    _id: newId(joinedAt.getTime()),
    chatId,
    userId,
    role: roleOf(userId),
    joinedAt,
    ...marksOf(userId),
    mutedUntil: null,
    notify: 'all',
  }));

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
