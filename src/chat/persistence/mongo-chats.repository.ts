import type { Connection } from 'mongoose';
import { isDuplicateKey, newId } from '@app/database';
import type { ChatRecord, ChatWithMembership, MemberRecord, MemberRole } from './chat.records';
import { DIRECT_KEY_INDEX, type ChatDocument } from './chat.schemas';
import { ChatsRepository, type ChatPageQuery } from './chats.repository';
import {
  byChatThenJoinOrder,
  byJoinOrder,
  CHAT_FIELDS,
  chatMemberModel,
  chatModel,
  toChatRecord,
  newChat,
  toMemberRecord,
  type ChatFields,
  type ChatMemberModel,
  type ChatModel,
} from './mongo-chat-documents';

/** Rounds of the chat list before a membership removed mid-read is simply left out. */
const PAGE_ATTEMPTS = 3;

/**
 * `ChatsRepository` over Mongoose, for a standalone MongoDB (no multi-document transactions).
 * Member documents are the memberships; `chats.memberIds` copies their user ids, written after a
 * member document is created and before one is deleted, so it never names a non-member.
 */
export class MongoChatsRepository extends ChatsRepository {
  private constructor(
    private readonly chats: ChatModel,
    private readonly members: ChatMemberModel,
  ) {
    super();
  }

  static async create(connection: Connection): Promise<MongoChatsRepository> {
    return new MongoChatsRepository(await chatModel(connection), await chatMemberModel(connection));
  }

  async findOrCreateDirect(
    userA: string,
    userB: string,
    createdBy: string,
  ): Promise<{ chat: ChatRecord; created: boolean }> {
    if (userA === userB) throw new Error('A direct chat needs two different users');
    const directKey = [userA, userB].sort().join(':');
    const now = new Date();
    const { chat, created } = await this.insertDirect({
      ...newChat(newId(now.getTime()), 'direct', null, createdBy, now),
      directKey,
    });
    const pair = [userA, userB];
    // memberIds only names users whose member documents exist, so a full pair needs nothing more.
    // Otherwise its creator may still be on its way here (or have died before), and whoever
    // returns the chat must leave both members in it: both steps are idempotent.
    if (!pair.every((id) => chat.memberIds.includes(id))) {
      await this.enroll(chat._id, pair, () => 'member', chat.createdAt);
      await this.chats.updateOne({ _id: chat._id }, { $addToSet: { memberIds: { $each: pair } } });
    }
    return { chat: toChatRecord(chat), created };
  }

  /** The new direct chat, or the pair's existing one when its key is taken (duplicate key). */
  private async insertDirect(
    doc: ChatDocument & { directKey: string },
  ): Promise<{ chat: ChatDocument; created: boolean }> {
    try {
      await this.chats.insertOne(doc);
      return { chat: doc, created: true };
    } catch (error) {
      if (!isDuplicateKey(error, DIRECT_KEY_INDEX)) throw error;
    }
    const existing = await this.chats.findOne({ directKey: doc.directKey }).lean<ChatDocument>();
    if (!existing) throw new Error(`Direct chat ${doc.directKey} vanished while being created`);
    return { chat: existing, created: false };
  }

  async createGroup(input: {
    name: string;
    createdBy: string;
    memberIds: readonly string[];
  }): Promise<ChatRecord> {
    const now = new Date();
    const others = [...new Set(input.memberIds)].filter((id) => id !== input.createdBy);
    const everyone = [input.createdBy, ...others];
    const doc = newChat(newId(now.getTime()), 'group', input.name, input.createdBy, now);
    await this.chats.insertOne(doc);
    await this.enroll(
      doc._id,
      everyone,
      (id) => (id === input.createdBy ? 'owner' : 'member'),
      now,
    );
    await this.chats.updateOne({ _id: doc._id }, { $addToSet: { memberIds: { $each: everyone } } });
    return toChatRecord(doc);
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

  async membershipsOf(userId: string, chatIds: readonly string[]): Promise<MemberRecord[]> {
    if (chatIds.length === 0) return [];
    const docs = await this.members.find({ userId, chatId: { $in: [...new Set(chatIds)] } }).lean();
    return docs.map(toMemberRecord);
  }

  /**
   * One bounded scan of `chats_member_activity`, then the user's member documents of that page.
   * The cursor is exact: `(updatedAt, _id) < (after.updatedAt, after.id)`, written so that the
   * index bounds come from `updatedAt <= after.updatedAt` and the `$or` only filters the ties.
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
    for (let attempt = 1; ; attempt++) {
      const chats = await this.chats
        .find(filter, CHAT_FIELDS)
        .sort({ updatedAt: -1, _id: -1 })
        .limit(query.limit)
        .lean<ChatFields[]>();
      const mine = await this.membershipsOf(
        userId,
        chats.map((c) => c._id),
      );
      const members = new Map(mine.map((m) => [m.chatId, m]));
      // A member document missing here was deleted between the two reads, after its chat had
      // already dropped the user: reading again gives a full page without that chat.
      if (members.size < chats.length && attempt < PAGE_ATTEMPTS) continue;
      return chats.flatMap((chat) => {
        const member = members.get(chat._id);
        return member ? [{ chat: toChatRecord(chat), member }] : [];
      });
    }
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

  async chatIdsOfUser(userId: string): Promise<string[]> {
    const docs = await this.members.find({ userId }, { chatId: 1 }).lean();
    return docs.map((d) => d.chatId);
  }

  async rename(chatId: string, name: string): Promise<ChatRecord | null> {
    const doc = await this.chats
      .findOneAndUpdate(
        { _id: chatId },
        { $set: { name }, $max: { updatedAt: new Date() } },
        { returnDocument: 'after', projection: CHAT_FIELDS },
      )
      .lean<ChatFields>();
    return doc ? toChatRecord(doc) : null;
  }

  async addMembers(
    chatId: string,
    userIds: readonly string[],
    role: MemberRole,
  ): Promise<string[]> {
    if (userIds.length === 0) return [];
    // Where SQL's foreign key refuses members of a missing chat (chats are never deleted).
    if (!(await this.chats.exists({ _id: chatId })))
      throw new Error(`Chat ${chatId} does not exist`);
    const now = new Date();
    const added = await this.enroll(chatId, [...new Set(userIds)], () => role, now);
    if (added.length === 0) return [];
    // Only the ids added here: an existing member document may be one a removal is deleting.
    await this.chats.updateOne(
      { _id: chatId },
      { $addToSet: { memberIds: { $each: added } }, $max: { updatedAt: now } },
    );
    return added;
  }

  async setRole(chatId: string, userId: string, role: MemberRole): Promise<boolean> {
    const { matchedCount } = await this.members.updateOne({ chatId, userId }, { $set: { role } });
    return matchedCount > 0;
  }

  async removeMember(chatId: string, userId: string): Promise<boolean> {
    const now = new Date();
    // Out of memberIds first: from this write on, appendFromMember refuses the user.
    const { modifiedCount } = await this.chats.updateOne(
      { _id: chatId, memberIds: userId },
      { $pull: { memberIds: userId }, $max: { updatedAt: now } },
    );
    const { deletedCount } = await this.members.deleteOne({ chatId, userId });
    // A member document without its memberIds entry is what an addMembers that died halfway
    // leaves; removing it is still a membership change.
    if (deletedCount > 0 && modifiedCount === 0) {
      await this.chats.updateOne({ _id: chatId }, { $max: { updatedAt: now } });
    }
    return deletedCount > 0;
  }

  async markRead(chatId: string, userId: string, seq: number): Promise<number | null> {
    const target = await this.capped(chatId, seq);
    if (target === null) return null;
    // Both marks move to the target with $max; the delivered mark never trails the read mark,
    // since every writer of the read mark moves the delivered one at least as far.
    const doc = await this.members
      .findOneAndUpdate(
        { chatId, userId },
        { $max: { lastReadSeq: target, lastDeliveredSeq: target } },
        { returnDocument: 'after', projection: { lastReadSeq: 1 } },
      )
      .lean();
    return doc ? doc.lastReadSeq : null;
  }

  async markDelivered(chatId: string, userId: string, seq: number): Promise<number | null> {
    const target = await this.capped(chatId, seq);
    if (target === null) return null;
    const doc = await this.members
      .findOneAndUpdate(
        { chatId, userId },
        { $max: { lastDeliveredSeq: target } },
        { returnDocument: 'after', projection: { lastDeliveredSeq: 1 } },
      )
      .lean();
    return doc ? doc.lastDeliveredSeq : null;
  }

  /** `seq` capped at the chat's `lastSeq` (null without the chat), which only ever grows. */
  private async capped(chatId: string, seq: number): Promise<number | null> {
    const chat = await this.chats.findOne({ _id: chatId }, { lastSeq: 1 }).lean();
    return chat ? Math.min(seq, chat.lastSeq) : null;
  }

  /**
   * Creates the member documents that do not exist yet (upserts on the unique (chatId, userId)
   * index, which the server retries among themselves when they race) and answers the users added.
   */
  private async enroll(
    chatId: string,
    userIds: readonly string[],
    roleOf: (userId: string) => MemberRole,
    joinedAt: Date,
  ): Promise<string[]> {
    const result = await this.members.bulkWrite(
      userIds.map((userId) => ({
        updateOne: {
          filter: { chatId, userId },
          update: {
            $setOnInsert: {
              _id: newId(joinedAt.getTime()),
              role: roleOf(userId),
              joinedAt,
              lastReadSeq: 0,
              lastDeliveredSeq: 0,
            },
          },
          upsert: true,
        },
      })),
    );
    return userIds.filter((_, i) => result.upsertedIds[i] !== undefined);
  }
}
