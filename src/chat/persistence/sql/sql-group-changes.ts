import { and, eq, inArray, sql } from 'drizzle-orm';
import { newId, type Database } from '@app/database';
import {
  systemMessage,
  type ChatRecord,
  type MessageRecord,
  type SystemEvent,
} from '../chat.records';
import { chatFormerMembers, chatMembers, chats } from './chats.table';
import { appendMessage, memberOrder, toChatRecord } from './sql-chat-statements';

// The group changes of `SqlChatsRepository`: each one transaction that stores the change and its
// system message together (docs/persistence.md).

export function createGroup(
  db: Database,
  input: { name: string; createdBy: string; memberIds: readonly string[] },
): Promise<{ chat: ChatRecord; message: MessageRecord }> {
  const now = new Date();
  const chatId = newId(now.getTime());
  const others = [...new Set(input.memberIds)].filter((id) => id !== input.createdBy);
  return db.transaction(async (tx) => {
    await tx.insert(chats).values({
      id: chatId,
      kind: 'group',
      name: input.name,
      createdBy: input.createdBy,
      createdAt: now,
      updatedAt: now,
    });
    await tx
      .insert(chatMembers)
      .values([
        { chatId, userId: input.createdBy, role: 'owner', joinedAt: now },
        ...others.map((userId) => ({ chatId, userId, role: 'member' as const, joinedAt: now })),
      ]);
    const message = await appendSystem(tx, chatId, {
      type: 'chat_created',
      actorId: input.createdBy,
      userIds: others,
    });
    const [chat] = await tx.select().from(chats).where(eq(chats.id, chatId));
    return { chat: toChatRecord(chat), message };
  });
}

export function renameGroup(
  db: Database,
  chatId: string,
  name: string,
  actorId: string,
): Promise<MessageRecord | null> {
  return changeChat(db, chatId, async (tx) => {
    await tx.update(chats).set({ name }).where(eq(chats.id, chatId));
    return appendSystem(tx, chatId, { type: 'renamed', actorId, name });
  });
}

export async function addGroupMembers(
  db: Database,
  chatId: string,
  userIds: readonly string[],
  actorId: string,
): Promise<{ added: string[]; message: MessageRecord | null }> {
  const nobody = { added: [], message: null };
  if (userIds.length === 0) return nobody;
  const now = new Date();
  const unique = [...new Set(userIds)];
  const changed = await changeChat(db, chatId, async (tx) => {
    // Someone added again reads on from where they were when they went.
    const former = new Map(
      (
        await tx
          .delete(chatFormerMembers)
          .where(
            and(eq(chatFormerMembers.chatId, chatId), inArray(chatFormerMembers.userId, unique)),
          )
          .returning()
      ).map((row) => [row.userId, row]),
    );
    const rows = await tx
      .insert(chatMembers)
      .values(
        unique.map((userId) => ({
          chatId,
          userId,
          role: 'member' as const,
          joinedAt: now,
          lastReadSeq: former.get(userId)?.lastReadSeq ?? 0,
          lastDeliveredSeq: former.get(userId)?.lastDeliveredSeq ?? 0,
        })),
      )
      .onConflictDoNothing()
      .returning({ userId: chatMembers.userId });
    const added = rows.map((r) => r.userId);
    if (added.length === 0) return nobody;
    const event: SystemEvent = { type: 'members_added', actorId, userIds: added };
    return { added, message: await appendSystem(tx, chatId, event) };
  });
  return changed ?? nobody;
}

export async function removeGroupMember(
  db: Database,
  chatId: string,
  userId: string,
  actorId: string,
): Promise<MessageRecord | null> {
  const changed = await changeChat(db, chatId, async (tx) => {
    const [removed] = await tx
      .delete(chatMembers)
      .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)))
      .returning();
    if (!removed) return null;
    const { lastReadSeq, lastDeliveredSeq } = removed;
    const marks = { leftAt: new Date(), lastReadSeq, lastDeliveredSeq };
    await tx
      .insert(chatFormerMembers)
      .values({ chatId, userId, ...marks })
      .onConflictDoUpdate({
        target: [chatFormerMembers.chatId, chatFormerMembers.userId],
        set: marks,
      });
    const message = await appendSystem(tx, chatId, {
      type: userId === actorId ? 'member_left' : 'member_removed',
      actorId,
      userIds: [userId],
    });
    if (removed.role === 'owner') await handOverOwnership(tx, chatId);
    return message;
  });
  return changed ?? null;
}

/**
 * Runs `change` in a transaction that first locks the chat's row; null, without running it, when
 * there is no such chat. Changes to one chat, and the messages sent to it, so happen one after
 * another: the owner and an admin leaving at once cannot hand ownership to each other.
 */
function changeChat<T>(
  db: Database,
  chatId: string,
  change: (tx: Database) => Promise<T>,
): Promise<T | null> {
  return db.transaction(async (tx) => {
    const [chat] = await tx
      .select({ id: chats.id })
      .from(chats)
      .where(eq(chats.id, chatId))
      .for('update');
    return chat ? change(tx) : null;
  });
}

async function appendSystem(
  tx: Database,
  chatId: string,
  event: SystemEvent,
): Promise<MessageRecord> {
  const message = await appendMessage(tx, systemMessage(chatId, event), false);
  if (!message) throw new Error(`Chat ${chatId} does not exist`);
  return message;
}

/** The longest-standing admin, else member, becomes owner. */
async function handOverOwnership(tx: Database, chatId: string): Promise<void> {
  const successor = tx
    .select({ userId: chatMembers.userId })
    .from(chatMembers)
    .where(eq(chatMembers.chatId, chatId))
    .orderBy(sql`${chatMembers.role} <> 'admin'`, ...memberOrder)
    .limit(1);
  await tx
    .update(chatMembers)
    .set({ role: 'owner' })
    .where(and(eq(chatMembers.chatId, chatId), inArray(chatMembers.userId, successor)));
}
