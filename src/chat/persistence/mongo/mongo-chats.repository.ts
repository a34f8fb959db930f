import type { ChatNotifyLevel } from '@app/contracts';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from '@app/database';
import {
  FORMER_MEMBERS_LISTED,
  type ChatHead,
  type ChatRecord,
  type ChatWithMembership,
  type FormerMemberRecord,
  type MemberRecord,
  type MessageRecord,
} from '../chat.records';
import { DIRECT_KEY_INDEX } from './chat.schema';
import { ChatsRepository, type ChatPageQuery } from '../chats.repository';
import { claimedPairIsBlocked } from './mongo-blocks.repository';
import {
  byChatThenJoinOrder,
  byJoinOrder,
  CHAT_FIELDS,
  chatModels,
  newMembers,
  toChatRecord,
  toMemberRecord,
  type ChatFields,
  type ChatModels,
} from './mongo-chat-documents';
import {
  addGroupMembers,
  createGroup,
  newChat,
  removeGroupMember,
  renameGroup,
} from './mongo-group-changes';

/**
 * `ChatsRepository` over Mongoose. A chat and its member documents change together in one
 * multi-document transaction, so MongoDB must run as a replica set; the group changes are in
 * mongo-group-changes.ts (see docs/persistence.md).
 */
export class MongoChatsRepository extends ChatsRepository {
  private constructor(private readonly models: ChatModels) {
    super();
  }

  static async create(connection: Connection): Promise<MongoChatsRepository> {
    return new MongoChatsRepository(await chatModels(connection));
  }

  private get chats() {
    return this.models.chats;
  }

  private get members() {
    return this.models.members;
  }

  async findOrCreateDirect(
    userA: string,
    userB: string,
    createdBy: string,
  ): Promise<{ chat: ChatRecord; created: boolean }> {
    if (userA === userB) throw new Error('A direct chat needs two different users');
    const directKey = [userA, userB].sort().join(':');
    const now = new Date();
    const chat = newChat('direct', null, createdBy, [userA, userB], now);
    const members = newMembers(chat._id, chat.memberIds, () => 'member', now);
    try {
      await this.models.connection.transaction(async (session) => {
        // A block of the pair committing meanwhile conflicts with this, so the flag is right.
        const blocked = await claimedPairIsBlocked(this.models.connection, userA, userB, session);
        await this.chats.insertOne({ ...chat, directKey, blocked }, { session });
        await this.members.insertMany(members, { session });
      });
      return { chat: toChatRecord(chat), created: true };
    } catch (error) {
      // The pair already has its chat (perhaps created a moment ago by a concurrent call).
      if (!isDuplicateKey(error, DIRECT_KEY_INDEX)) throw error;
    }
    const existing = await this.chats.findOne({ directKey }, CHAT_FIELDS).lean<ChatFields>();
    if (!existing) throw new Error(`Direct chat ${directKey} vanished while being created`);
    return { chat: toChatRecord(existing), created: false };
  }

  createGroup(input: {
    name: string;
    createdBy: string;
    memberIds: readonly string[];
  }): Promise<{ chat: ChatRecord; message: MessageRecord }> {
    return createGroup(this.models, input);
  }

  async findById(chatId: string): Promise<ChatRecord | null> {
    const doc = await this.chats.findOne({ _id: chatId }, CHAT_FIELDS).lean<ChatFields>();
    return doc ? toChatRecord(doc) : null;
  }

  async findMember(chatId: string, userId: string): Promise<MemberRecord | null> {
    const doc = await this.members.findOne({ chatId, userId }).lean();
    return doc ? toMemberRecord(doc) : null;
  }

  async listMembers(chatId: string): Promise<MemberRecord[]> {
    const docs = await this.members.find({ chatId }).lean();
    return docs.map(toMemberRecord).sort(byJoinOrder);
  }

  async listMembersOfChats(chatIds: readonly string[]): Promise<MemberRecord[]> {
    if (chatIds.length === 0) return [];
    const docs = await this.members.find({ chatId: { $in: [...new Set(chatIds)] } }).lean();
    return docs.map(toMemberRecord).sort(byChatThenJoinOrder);
  }

  async listFormerMembersOfChats(chatIds: readonly string[]): Promise<FormerMemberRecord[]> {
    const perChat = await Promise.all(
      [...new Set(chatIds)]
        .sort()
        .map((chatId) =>
          this.models.formerMembers
            .find({ chatId }, { _id: 0 })
            .sort({ leftAt: -1, userId: 1 })
            .limit(FORMER_MEMBERS_LISTED)
            .lean(),
        ),
    );
    return perChat.flat();
  }

  async membershipsOf(userId: string, chatIds: readonly string[]): Promise<MemberRecord[]> {
    if (chatIds.length === 0) return [];
    const docs = await this.members.find({ userId, chatId: { $in: [...new Set(chatIds)] } }).lean();
    return docs.map(toMemberRecord);
  }

  /**
   * One bounded scan of `chats_member_activity`, then the user's member documents of that page,
   * both in one transaction so that they see the same moment. The cursor is exact:
   * `(updatedAt, _id) < (after.updatedAt, after.id)`, written so that the index bounds come from
   * `updatedAt <= after.updatedAt` and the `$or` only filters the ties.
   */
  async pageForUser(userId: string, query: ChatPageQuery): Promise<ChatWithMembership[]> {
    if (query.limit <= 0) return [];
    const filter = query.after
      ? {
          memberIds: userId,
          updatedAt: { $lte: query.after.updatedAt },
          $or: [{ updatedAt: { $lt: query.after.updatedAt } }, { _id: { $lt: query.after.id } }],
        }
      : { memberIds: userId };
    return this.models.connection.transaction(async (session) => {
      const chats = await this.chats
        .find(filter, CHAT_FIELDS, { session })
        .sort({ updatedAt: -1, _id: -1 })
        .limit(query.limit)
        .lean<ChatFields[]>();
      const ids = chats.map((c) => c._id);
      const mine = await this.members
        .find({ userId, chatId: { $in: ids } }, null, { session })
        .lean();
      const members = new Map(mine.map((m) => [m.chatId, toMemberRecord(m)]));
      return chats.flatMap((chat) => {
        const member = members.get(chat._id);
        return member ? [{ chat: toChatRecord(chat), member }] : [];
      });
    });
  }

  async usersSharingAChatWith(userId: string, candidateIds: readonly string[]): Promise<string[]> {
    if (candidateIds.length === 0) return [];
    const chatIds = await this.chatIdsOfUser(userId);
    if (chatIds.length === 0) return [];
    return this.members.distinct('userId', {
      chatId: { $in: chatIds },
      userId: { $in: [...new Set(candidateIds)] },
    });
  }

  async heads(chatIds: readonly string[]): Promise<Map<string, ChatHead>> {
    if (chatIds.length === 0) return new Map();
    const docs = await this.models.chats
      .find({ _id: { $in: [...new Set(chatIds)] } }, { lastSeq: 1, lastChangeSeq: 1 })
      .lean();
    return new Map(
      docs.map((doc) => [doc._id, { lastSeq: doc.lastSeq, lastChangeSeq: doc.lastChangeSeq ?? 0 }]),
    );
  }

  async setNotifyLevel(
    chatId: string,
    userId: string,
    level: ChatNotifyLevel,
  ): Promise<MemberRecord | null> {
    const doc = await this.members
      .findOneAndUpdate(
        { chatId, userId },
        { $set: { notify: level } },
        { returnDocument: 'after' },
      )
      .lean();
    return doc && toMemberRecord(doc);
  }

  async setMutedUntil(
    chatId: string,
    userId: string,
    until: Date | null,
  ): Promise<MemberRecord | null> {
    const doc = await this.members
      .findOneAndUpdate(
        { chatId, userId },
        until === null ? { $unset: { mutedUntil: 1 } } : { $set: { mutedUntil: until } },
        { returnDocument: 'after' },
      )
      .lean();
    return doc && toMemberRecord(doc);
  }

  async chatIdsOfUser(userId: string): Promise<string[]> {
    const docs = await this.members.find({ userId }, { chatId: 1 }).lean();
    return docs.map((d) => d.chatId);
  }

  rename(chatId: string, name: string, actorId: string): Promise<MessageRecord | null> {
    return renameGroup(this.models, chatId, name, actorId);
  }

  addMembers(
    chatId: string,
    userIds: readonly string[],
    actorId: string,
  ): Promise<{ added: string[]; message: MessageRecord | null }> {
    return addGroupMembers(this.models, chatId, userIds, actorId);
  }

  async setRole(chatId: string, userId: string, role: 'admin' | 'member'): Promise<boolean> {
    const { matchedCount } = await this.members.updateOne(
      { chatId, userId, role: { $ne: 'owner' } },
      { $set: { role } },
    );
    return matchedCount > 0;
  }

  removeMember(chatId: string, userId: string, actorId: string): Promise<MessageRecord | null> {
    return removeGroupMember(this.models, chatId, userId, actorId);
  }

  markRead(chatId: string, userId: string, seq: number): Promise<number | null> {
    return this.moveMark(chatId, userId, seq, 'lastReadSeq');
  }

  markDelivered(chatId: string, userId: string, seq: number): Promise<number | null> {
    return this.moveMark(chatId, userId, seq, 'lastDeliveredSeq');
  }

  /**
   * Moves the mark forward ($max) to `seq`, capped at the chat's `lastSeq` (which only ever
   * grows). Whatever was read was delivered: the read mark takes the delivered mark along.
   */
  private async moveMark(
    chatId: string,
    userId: string,
    seq: number,
    mark: 'lastReadSeq' | 'lastDeliveredSeq',
  ): Promise<number | null> {
    const chat = await this.chats.findOne({ _id: chatId }, { lastSeq: 1 }).lean();
    if (!chat) return null;
    const target = Math.min(seq, chat.lastSeq);
    const doc = await this.members
      .findOneAndUpdate(
        { chatId, userId },
        { $max: { lastDeliveredSeq: target, [mark]: target } },
        { returnDocument: 'after', projection: { lastReadSeq: 1, lastDeliveredSeq: 1 } },
      )
      .lean<Pick<MemberRecord, 'lastReadSeq' | 'lastDeliveredSeq'>>();
    return doc ? doc[mark] : null;
  }
}
