import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { newId, type Database } from '@app/database';
import type { ChatRecord, ChatWithMembership, MemberRecord, MemberRole } from './chat.records';
import { ChatsRepository, type ChatPageQuery } from './chats.repository';
import { chatMembers, chats, type ChatRow } from './chats.table';

/** `ChatsRepository` over Drizzle: the same queries on PGlite and PostgreSQL. */
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

  async createGroup(input: {
    name: string;
    createdBy: string;
    memberIds: readonly string[];
  }): Promise<ChatRecord> {
    const now = new Date();
    const others = [...new Set(input.memberIds)].filter((id) => id !== input.createdBy);
    return this.db.transaction(async (tx) => {
      const [chat] = await tx
        .insert(chats)
        .values({
          id: newId(now.getTime()),
          kind: 'group',
          name: input.name,
          createdBy: input.createdBy,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await tx.insert(chatMembers).values([
        { chatId: chat.id, userId: input.createdBy, role: 'owner', joinedAt: now },
        ...others.map((userId) => ({
          chatId: chat.id,
          userId,
          role: 'member' as const,
          joinedAt: now,
        })),
      ]);
      return toChatRecord(chat);
    });
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
    const conditions: SQL[] = [eq(chatMembers.userId, userId)];
    if (query.after) {
      // Exact because updated_at only ever holds milliseconds (see chats.table.ts), which a JS
      // Date carries without loss.
      conditions.push(
        sql`(${chats.updatedAt}, ${chats.id}) < (${query.after.updatedAt.toISOString()}::timestamptz, ${query.after.id}::uuid)`,
      );
    }
    const rows = await this.db
      .select({ chat: chats, member: chatMembers })
      .from(chats)
      .innerJoin(chatMembers, eq(chatMembers.chatId, chats.id))
      .where(and(...conditions))
      .orderBy(desc(chats.updatedAt), desc(chats.id))
      .limit(query.limit);
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

  async chatIdsOfUser(userId: string): Promise<string[]> {
    const rows = await this.db
      .select({ chatId: chatMembers.chatId })
      .from(chatMembers)
      .where(eq(chatMembers.userId, userId));
    return rows.map((r) => r.chatId);
  }

  async rename(chatId: string, name: string): Promise<ChatRecord | null> {
    const [row] = await this.db
      .update(chats)
      .set({ name, updatedAt: bumpedUpdatedAt() })
      .where(eq(chats.id, chatId))
      .returning();
    return row ? toChatRecord(row) : null;
  }

  async addMembers(
    chatId: string,
    userIds: readonly string[],
    role: MemberRole,
  ): Promise<string[]> {
    if (userIds.length === 0) return [];
    const now = new Date();
    return this.db.transaction(async (tx) => {
      const added = await tx
        .insert(chatMembers)
        .values([...new Set(userIds)].map((userId) => ({ chatId, userId, role, joinedAt: now })))
        .onConflictDoNothing()
        .returning({ userId: chatMembers.userId });
      if (added.length > 0) await bumpChat(tx, chatId, now);
      return added.map((r) => r.userId);
    });
  }

  async setRole(chatId: string, userId: string, role: MemberRole): Promise<boolean> {
    const updated = await this.db
      .update(chatMembers)
      .set({ role })
      .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)))
      .returning({ userId: chatMembers.userId });
    return updated.length > 0;
  }

  async removeMember(chatId: string, userId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const removed = await tx
        .delete(chatMembers)
        .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)))
        .returning({ userId: chatMembers.userId });
      if (removed.length === 0) return false;
      await bumpChat(tx, chatId, new Date());
      return true;
    });
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

/** Members added together share `joined_at`; the owner first, then a stable order. */
const memberOrder = [
  asc(chatMembers.joinedAt),
  asc(sql`case ${chatMembers.role} when 'owner' then 0 when 'admin' then 1 else 2 end`),
  asc(chatMembers.userId),
];

const memberOfChat = (chatId: string, userId: string) =>
  and(
    eq(chats.id, chatMembers.chatId),
    eq(chatMembers.chatId, chatId),
    eq(chatMembers.userId, userId),
  );

/**
 * Never moves `updated_at` backward: a writer whose clock reading is older than the last bump
 * (it waited for the row lock, or runs on another host) must not sink the chat in the list.
 */
export const bumpedUpdatedAt = (now = new Date()): SQL<Date> =>
  sql<Date>`greatest(${chats.updatedAt}, ${now.toISOString()}::timestamptz)`;

async function bumpChat(db: Pick<Database, 'update'>, chatId: string, now: Date): Promise<void> {
  await db
    .update(chats)
    .set({ updatedAt: bumpedUpdatedAt(now) })
    .where(eq(chats.id, chatId));
}

function toChatRecord(row: ChatRow): ChatRecord {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastSeq: row.lastSeq,
    lastMessage: row.lastMessage
      ? { ...row.lastMessage, createdAt: new Date(row.lastMessage.createdAt) }
      : null,
  };
}
