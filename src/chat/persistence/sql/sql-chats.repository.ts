import type { ChatNotifyLevel } from '@app/contracts';
import { and, asc, desc, eq, getTableColumns, inArray, lte, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { newId, type Database } from '@app/database';
import {
  FORMER_MEMBERS_LISTED,
  type FormerMemberRecord,
  type ChatHead,
  type ChatRecord,
  type ChatWithMembership,
  type MemberRecord,
  type MessageRecord,
} from '../chat.records';
import { ChatsRepository, type ChatPageQuery } from '../chats.repository';
import { chatFormerMembers, chatMembers, chats } from './chats.table';
import { lockedPairIsBlocked } from './sql-blocks.repository';
import { memberOrder, toChatRecord } from './sql-chat-statements';
import { addGroupMembers, createGroup, removeGroupMember, renameGroup } from './sql-group-changes';

/**
 * `ChatsRepository` over Drizzle: the same queries on PGlite and PostgreSQL. The group changes,
 * each one transaction, are in sql-group-changes.ts (see docs/persistence.md).
 */
export class SqlChatsRepository extends ChatsRepository {
  constructor(private readonly db: Database) {
    super();
  }

  async findOrCreateDirect(
    userA: string,
    userB: string,
    createdBy: string,
  ): Promise<{ chat: ChatRecord; created: boolean }> {
    if (userA === userB) throw new Error('A direct chat needs two different users');
    const directKey = [userA, userB].sort().join(':');
    const now = new Date();
    const inserted = await this.db.transaction(async (tx) => {
      // A block of the pair committing meanwhile waits for this one, then flags the new chat.
      const blocked = await lockedPairIsBlocked(tx, userA, userB);
      // A concurrent call for the same pair waits here on the unique index until the winner
      // commits, then inserts nothing and reads the winner's chat below.
      const [chat] = await tx
        .insert(chats)
        .values({
          id: newId(now.getTime()),
          kind: 'direct',
          createdBy,
          createdAt: now,
          updatedAt: now,
          directKey,
          blocked,
        })
        .onConflictDoNothing({ target: chats.directKey })
        .returning();
      if (!chat) return null;
      await tx.insert(chatMembers).values(
        [userA, userB].map((userId) => ({
          chatId: chat.id,
          userId,
          role: 'member' as const,
          joinedAt: now,
        })),
      );
      return chat;
    });
    if (inserted) return { chat: toChatRecord(inserted), created: true };
    const [existing] = await this.db.select().from(chats).where(eq(chats.directKey, directKey));
    if (!existing) throw new Error(`Direct chat ${directKey} vanished while being created`);
    return { chat: toChatRecord(existing), created: false };
  }

  createGroup(input: {
    name: string;
    createdBy: string;
    memberIds: readonly string[];
  }): Promise<{ chat: ChatRecord; message: MessageRecord }> {
    return createGroup(this.db, input);
  }

  async findById(chatId: string): Promise<ChatRecord | null> {
    const [row] = await this.db.select().from(chats).where(eq(chats.id, chatId)).limit(1);
    return row ? toChatRecord(row) : null;
  }

  async findMember(chatId: string, userId: string): Promise<MemberRecord | null> {
    const [row] = await this.db
      .select()
      .from(chatMembers)
      .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)))
      .limit(1);
    return row ?? null;
  }

  async listMembers(chatId: string): Promise<MemberRecord[]> {
    return this.db
      .select()
      .from(chatMembers)
      .where(eq(chatMembers.chatId, chatId))
      .orderBy(...memberOrder);
  }

  async listMembersOfChats(chatIds: readonly string[]): Promise<MemberRecord[]> {
    if (chatIds.length === 0) return [];
    return this.db
      .select()
      .from(chatMembers)
      .where(inArray(chatMembers.chatId, [...new Set(chatIds)]))
      .orderBy(asc(chatMembers.chatId), ...memberOrder);
  }

  async listFormerMembersOfChats(chatIds: readonly string[]): Promise<FormerMemberRecord[]> {
    if (chatIds.length === 0) return [];
    const recent = this.db
      .select({
        ...getTableColumns(chatFormerMembers),
        rank: sql<number>`row_number() over (partition by ${chatFormerMembers.chatId}
          order by ${chatFormerMembers.leftAt} desc, ${chatFormerMembers.userId})`.as('rank'),
      })
      .from(chatFormerMembers)
      .where(inArray(chatFormerMembers.chatId, [...new Set(chatIds)]))
      .as('recent');
    const rows = await this.db
      .select()
      .from(recent)
      .where(lte(recent.rank, FORMER_MEMBERS_LISTED))
      .orderBy(asc(recent.chatId), desc(recent.leftAt), asc(recent.userId));
    return rows.map(({ rank: _rank, ...former }) => former);
  }

  async membershipsOf(userId: string, chatIds: readonly string[]): Promise<MemberRecord[]> {
    if (chatIds.length === 0) return [];
    return this.db
      .select()
      .from(chatMembers)
      .where(
        and(eq(chatMembers.userId, userId), inArray(chatMembers.chatId, [...new Set(chatIds)])),
      );
  }

  async pageForUser(userId: string, query: ChatPageQuery): Promise<ChatWithMembership[]> {
    const rows = await chatPageStatement(this.db, userId, query);
    return rows.map(({ chat, member }) => ({ chat: toChatRecord(chat), member }));
  }

  async usersSharingAChatWith(userId: string, candidateIds: readonly string[]): Promise<string[]> {
    if (candidateIds.length === 0) return [];
    const others = alias(chatMembers, 'others');
    const rows = await this.db
      .selectDistinct({ userId: others.userId })
      .from(chatMembers)
      .innerJoin(others, eq(others.chatId, chatMembers.chatId))
      .where(
        and(eq(chatMembers.userId, userId), inArray(others.userId, [...new Set(candidateIds)])),
      );
    return rows.map((r) => r.userId);
  }

  async heads(chatIds: readonly string[]): Promise<Map<string, ChatHead>> {
    if (chatIds.length === 0) return new Map();
    const rows = await headsStatement(this.db, chatIds);
    return new Map(rows.map(({ id, ...head }) => [id, head]));
  }

  async setNotifyLevel(
    chatId: string,
    userId: string,
    level: ChatNotifyLevel,
  ): Promise<MemberRecord | null> {
    const [row] = await this.db
      .update(chatMembers)
      .set({ notify: level })
      .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)))
      .returning();
    return row ?? null;
  }

  async setMutedUntil(
    chatId: string,
    userId: string,
    until: Date | null,
  ): Promise<MemberRecord | null> {
    const [row] = await this.db
      .update(chatMembers)
      .set({ mutedUntil: until })
      .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)))
      .returning();
    return row ?? null;
  }

  async chatIdsOfUser(userId: string): Promise<string[]> {
    const rows = await this.db
      .select({ chatId: chatMembers.chatId })
      .from(chatMembers)
      .where(eq(chatMembers.userId, userId));
    return rows.map((r) => r.chatId);
  }

  rename(chatId: string, name: string, actorId: string): Promise<MessageRecord | null> {
    return renameGroup(this.db, chatId, name, actorId);
  }

  addMembers(
    chatId: string,
    userIds: readonly string[],
    actorId: string,
  ): Promise<{ added: string[]; message: MessageRecord | null }> {
    return addGroupMembers(this.db, chatId, userIds, actorId);
  }

  async setRole(chatId: string, userId: string, role: 'admin' | 'member'): Promise<boolean> {
    const updated = await this.db
      .update(chatMembers)
      .set({ role })
      .where(
        and(
          eq(chatMembers.chatId, chatId),
          eq(chatMembers.userId, userId),
          ne(chatMembers.role, 'owner'),
        ),
      )
      .returning({ userId: chatMembers.userId });
    return updated.length > 0;
  }

  removeMember(chatId: string, userId: string, actorId: string): Promise<MessageRecord | null> {
    return removeGroupMember(this.db, chatId, userId, actorId);
  }

  async markRead(chatId: string, userId: string, seq: number): Promise<number | null> {
    const target = sql`least(${seq}::integer, ${chats.lastSeq})`;
    const [row] = await this.db
      .update(chatMembers)
      .set({
        lastReadSeq: sql`greatest(${chatMembers.lastReadSeq}, ${target})`,
        // Whatever was read was delivered, whatever order the two acknowledgements arrive in.
        lastDeliveredSeq: sql`greatest(${chatMembers.lastDeliveredSeq}, ${chatMembers.lastReadSeq}, ${target})`,
      })
      .from(chats)
      .where(memberOfChat(chatId, userId))
      .returning({ mark: chatMembers.lastReadSeq });
    return row ? row.mark : null;
  }

  async markDelivered(chatId: string, userId: string, seq: number): Promise<number | null> {
    const [row] = await this.db
      .update(chatMembers)
      .set({
        lastDeliveredSeq: sql`greatest(${chatMembers.lastDeliveredSeq}, least(${seq}::integer, ${chats.lastSeq}))`,
      })
      .from(chats)
      .where(memberOfChat(chatId, userId))
      .returning({ mark: chatMembers.lastDeliveredSeq });
    return row ? row.mark : null;
  }
}

/**
 * GET /chats: a page of the user's chats, the most recently active first, after the cursor when
 * there is one. This and `headsStatement` are apart so that tools/hot-statements.ts can write
 * their text out without a database.
 */
export const chatPageStatement = (db: Database, userId: string, query: ChatPageQuery) => {
  const conditions: SQL[] = [eq(chatMembers.userId, userId)];
  if (query.after) {
    // Exact because updated_at only ever holds milliseconds (see chats.table.ts), which a JS
    // Date carries without loss.
    conditions.push(
      sql`(${chats.updatedAt}, ${chats.id}) < (${query.after.updatedAt.toISOString()}::timestamptz, ${query.after.id}::uuid)`,
    );
  }
  return db
    .select({ chat: chats, member: chatMembers })
    .from(chats)
    .innerJoin(chatMembers, eq(chatMembers.chatId, chats.id))
    .where(and(...conditions))
    .orderBy(desc(chats.updatedAt), desc(chats.id))
    .limit(query.limit);
};

/** chat:sync's first read: each chat's last seq and last change seq. */
export const headsStatement = (db: Database, chatIds: readonly string[]) =>
  db
    .select({ id: chats.id, lastSeq: chats.lastSeq, lastChangeSeq: chats.lastChangeSeq })
    .from(chats)
    .where(inArray(chats.id, [...new Set(chatIds)]));

const memberOfChat = (chatId: string, userId: string) =>
  and(
    eq(chats.id, chatMembers.chatId),
    eq(chatMembers.chatId, chatId),
    eq(chatMembers.userId, userId),
  );
