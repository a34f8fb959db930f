import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import type { Database } from '@app/database';
import { summaryText, type MessageChange, type MessageRecord } from '../chat.records';
import { chats, type StoredLastMessage } from './chats.table';
import type { ChangeDecision, ChangedMessage, ChangeFeedQuery } from '../messages.repository';
import { messages } from './messages.table';
import { selectMessages } from './sql-chat-statements';

/** Thrown inside the transaction to undo it: the decision changed nothing, or there is no message. */
class Undo extends Error {
  constructor(readonly current: MessageRecord | null) {
    super('undone');
  }
}

const bySeq = (chatId: string, seq: number) =>
  and(eq(messages.chatId, chatId), eq(messages.seq, seq));

/**
 * One change to one message, in one transaction (docs/persistence.md): the chat row's update takes
 * the next change seq and holds the row lock, so changes to a chat commit in change-seq order and
 * `decide` sees the message as the last committed change left it. A decision that changes nothing
 * (or throws) undoes the transaction, so no change seq is used.
 */
export async function changeMessage(
  db: Database,
  chatId: string,
  seq: number,
  decide: ChangeDecision,
): Promise<ChangedMessage | null> {
  try {
    return await db.transaction(async (tx) => {
      const [bump] = await tx
        .update(chats)
        .set({ lastChangeSeq: sql`${chats.lastChangeSeq} + 1` })
        .where(eq(chats.id, chatId))
        .returning({ changeSeq: chats.lastChangeSeq, lastSeq: chats.lastSeq });
      const [current] = bump ? await selectMessages(tx).where(bySeq(chatId, seq)) : [];
      if (!bump || !current) throw new Undo(null);
      const change = decide(current);
      if (!change) throw new Undo(current);
      await tx
        .update(messages)
        .set({ ...change, changeSeq: bump.changeSeq })
        .where(bySeq(chatId, seq));
      if (seq === bump.lastSeq && touchesSummary(change)) {
        await tx
          .update(chats)
          .set({
            lastMessage: sql`last_message || ${JSON.stringify(summaryChange(change))}::jsonb`,
          })
          .where(eq(chats.id, chatId));
      }
      const [updated] = await selectMessages(tx).where(bySeq(chatId, seq));
      return { message: updated, changed: true };
    });
  } catch (error) {
    if (!(error instanceof Undo)) throw error;
    return error.current && { message: error.current, changed: false };
  }
}

const touchesSummary = (change: MessageChange): boolean =>
  change.text !== undefined || change.deletedAt !== undefined;

/** The fields of the chat list's summary that a change rewrites. */
function summaryChange(
  change: MessageChange,
): Partial<Pick<StoredLastMessage, 'text' | 'deletedAt' | 'attachmentName'>> {
  return {
    ...(change.text !== undefined && {
      text: change.text === null ? null : summaryText(change.text),
    }),
    ...(change.deletedAt && { deletedAt: change.deletedAt.toISOString(), attachmentName: null }),
  };
}

/** Messages whose latest change is after `afterChangeSeq`, in change order. */
export function changeFeed(
  db: Database,
  chatId: string,
  query: ChangeFeedQuery,
): Promise<MessageRecord[]> {
  return selectMessages(db)
    .where(
      and(
        eq(messages.chatId, chatId),
        gt(messages.changeSeq, query.afterChangeSeq),
        query.atOrBelowSeq === undefined ? undefined : lte(messages.seq, query.atOrBelowSeq),
      ),
    )
    .orderBy(asc(messages.changeSeq))
    .limit(query.limit);
}
