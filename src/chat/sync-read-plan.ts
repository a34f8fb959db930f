import { MAX_MESSAGES_PAGE } from '@app/contracts';
import type { ChatHead } from './persistence/chat.records';

/** Most stored messages one chat:sync reads, over all its cursors, new and changed together. */
export const MAX_SYNC_ROWS = 100;

/** One chat's cursor, as the client asked (several cursors of a chat count as the lowest). */
export interface SyncAsk {
  chatId: string;
  afterSeq: number;
  afterChangeSeq?: number;
}

/** What a sync reads for one chat, decided before it reads any message. */
export interface ChatReadPlan extends SyncAsk {
  head: ChatHead;
  /** Changed messages (at or below `afterSeq`) to read, and how many there are (up to a page). */
  changedLimit: number;
  changedWanted: number;
  /** True when there may be more changed messages than the page counted. */
  changedBeyond: boolean;
  /** New messages to read, and how many there are at the head (seqs have no gaps). */
  newLimit: number;
  newAvailable: number;
}

/**
 * Shares `rows` among the chats in the order asked: each chat gets its new messages, then its
 * changes, while rows are left. A chat that gets less than it wants is answered "more", and the
 * client asks again. New messages come first because they always move the client on: until they
 * are complete the change cursor stays put, and the changes re-list messages the client holds.
 */
export function planSyncReads(
  asks: readonly SyncAsk[],
  heads: ReadonlyMap<string, ChatHead>,
  changedCounts: ReadonlyMap<string, number>,
  rows: number,
): ChatReadPlan[] {
  let left = rows;
  return asks.map((ask) => {
    const head = heads.get(ask.chatId) ?? { lastSeq: 0, lastChangeSeq: 0 };
    const changedWanted = changedCounts.get(ask.chatId) ?? 0;
    const changedBeyond =
      changedWanted >= MAX_MESSAGES_PAGE && changedBound(ask, head) > MAX_MESSAGES_PAGE;
    const newAvailable = Math.max(0, head.lastSeq - ask.afterSeq);
    const newLimit = Math.min(newAvailable, MAX_MESSAGES_PAGE, left);
    left -= newLimit;
    const changedLimit = Math.min(changedWanted, left);
    left -= changedLimit;
    return { ...ask, head, changedWanted, changedBeyond, changedLimit, newAvailable, newLimit };
  });
}

/**
 * The most changed messages a chat can have for a cursor, known from its head alone: changes
 * since the cursor, of messages at or below its seq. 0 when the client asks for no changes.
 */
export function changedBound(ask: SyncAsk, head: ChatHead | undefined): number {
  if (ask.afterChangeSeq === undefined || !head) return 0;
  return Math.max(0, Math.min(ask.afterSeq, head.lastChangeSeq - ask.afterChangeSeq));
}
