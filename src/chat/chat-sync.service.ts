import { Injectable } from '@nestjs/common';
import {
  MAX_MESSAGES_PAGE,
  type ChatMessage,
  type ChatSyncChat,
  type ChatSyncResult,
  type SyncCursor,
} from '@app/contracts';
import { toChatMessage } from './chat.mapper';
import { ChatsRepository } from './persistence/chats.repository';
import type { MessageRecord } from './persistence/chat.records';
import { MessagesRepository } from './persistence/messages.repository';
import {
  changedBound,
  MAX_SYNC_ROWS,
  planSyncReads,
  type ChatReadPlan,
  type SyncAsk,
} from './sync-read-plan';

/** About this many bytes of messages in one chat:sync answer, whatever the cursors ask for. */
export const MAX_SYNC_ANSWER_BYTES = 1_000_000;

/** What the caller may still read (rows), and how it is charged for what was read. */
export interface ReadAllowance {
  readonly available: number;
  spend(rows: number): void;
}

const UNMETERED: ReadAllowance = { available: MAX_SYNC_ROWS, spend: () => {} };

/**
 * chat:sync: what a client missed, new messages and changes to the ones it has. Several cursors of
 * one chat count as the lowest.
 *
 * The cost is fixed before any message is read: the chats' heads say how many new messages each
 * has (seqs have no gaps) and an index-only count how many changed ones, and at most
 * MAX_SYNC_ROWS (or what is left of the caller's allowance) are shared among the chats in the
 * order asked. A chat that did not get all it has is answered `hasMore`, and the client asks
 * again from where the answer ended.
 *
 * Each chat's change log head is read before its messages, so every change up to it is in a
 * complete answer (committed changes take change seqs in order); the client asks next time from
 * that head, or, when an answer was cut short, from the last change it got (or the same cursor).
 */
@Injectable()
export class ChatSyncService {
  constructor(
    private readonly chats: ChatsRepository,
    private readonly messages: MessagesRepository,
  ) {}

  async sync(
    userId: string,
    cursors: readonly SyncCursor[],
    allowance: ReadAllowance = UNMETERED,
  ): Promise<ChatSyncResult> {
    const wanted = lowestCursors(cursors);
    const ids = wanted.map((ask) => ask.chatId);
    const memberOf = new Set((await this.chats.membershipsOf(userId, ids)).map((m) => m.chatId));
    const mine = wanted.filter((ask) => memberOf.has(ask.chatId));
    const plans = await this.plan(mine, Math.max(1, Math.min(MAX_SYNC_ROWS, allowance.available)));
    allowance.spend(plans.reduce((rows, p) => rows + p.changedLimit + p.newLimit, 0));
    // Two reads for all the chats (one statement each on SQL), not two per chat.
    const [newer, changedOf] = await Promise.all([
      this.messages.pagesAfter(plans.map((p) => ({ ...p, limit: p.newLimit }))),
      this.messages.changedAfter(
        plans.map((p) => ({
          chatId: p.chatId,
          afterChangeSeq: p.afterChangeSeq ?? 0,
          atOrBelowSeq: p.afterSeq,
          limit: p.changedLimit,
        })),
      ),
    ]);
    const budget = new AnswerBudget();
    const chats = plans.map((plan) =>
      answerFor(plan, budget, newer.get(plan.chatId) ?? [], changedOf.get(plan.chatId) ?? []),
    );
    return { chats, notFound: ids.filter((id) => !memberOf.has(id)) };
  }

  /** Heads, then how many changed messages each chat has (index only): no message read yet. */
  private async plan(asks: readonly SyncAsk[], rows: number): Promise<ChatReadPlan[]> {
    const heads = await this.chats.heads(asks.map((ask) => ask.chatId));
    const counting = asks
      .map((ask) => ({ ask, bound: changedBound(ask, heads.get(ask.chatId)) }))
      .filter(({ bound }) => bound > 0)
      .map(({ ask, bound }) => ({
        chatId: ask.chatId,
        afterChangeSeq: ask.afterChangeSeq ?? 0,
        atOrBelowSeq: ask.afterSeq,
        limit: Math.min(bound, MAX_MESSAGES_PAGE),
      }));
    const changedCounts = await this.messages.countChangedAfter(counting);
    return planSyncReads(asks, heads, changedCounts, rows);
  }
}

function answerFor(
  plan: ChatReadPlan,
  budget: AnswerBudget,
  rows: readonly MessageRecord[],
  changedRows: readonly MessageRecord[],
): ChatSyncChat {
  const changed = budget.take(changedRows);
  const messages = budget.take(rows);
  const changedComplete =
    changed.length === changedRows.length &&
    plan.changedLimit >= plan.changedWanted &&
    !plan.changedBeyond;
  const messagesComplete = messages.length === rows.length && plan.newLimit >= plan.newAvailable;
  const asked = plan.afterChangeSeq ?? 0;
  return {
    chatId: plan.chatId,
    messages,
    changed,
    hasMore: !changedComplete || !messagesComplete,
    // The head only once both lists are complete: a client may move its afterSeq past
    // messages it already held (stale copies) and must still be sent their changes.
    nextAfterChangeSeq: !changedComplete
      ? (changed.at(-1)?.changeSeq ?? asked)
      : messagesComplete
        ? Math.max(plan.head.lastChangeSeq, asked)
        : asked,
  };
}

function lowestCursors(cursors: readonly SyncCursor[]): SyncAsk[] {
  const lowest = new Map<string, SyncAsk>();
  for (const { chatId, afterSeq, afterChangeSeq } of cursors) {
    const seen = lowest.get(chatId);
    const changeSeqs = [seen?.afterChangeSeq, afterChangeSeq].filter((n) => n !== undefined);
    lowest.set(chatId, {
      chatId,
      afterSeq: Math.min(afterSeq, seen?.afterSeq ?? afterSeq),
      afterChangeSeq: changeSeqs.length > 0 ? Math.min(...changeSeqs) : undefined,
    });
  }
  return [...lowest.values()];
}

/**
 * About MAX_SYNC_ANSWER_BYTES in all, each message sized as it is added; the very first message
 * always fits, so a client always moves on.
 */
class AnswerBudget {
  private left = MAX_SYNC_ANSWER_BYTES;

  take(rows: readonly MessageRecord[]): ChatMessage[] {
    const taken: ChatMessage[] = [];
    for (const row of rows.slice(0, MAX_MESSAGES_PAGE)) {
      const message = toChatMessage(row);
      const size = Buffer.byteLength(JSON.stringify(message));
      if (size > this.left && (taken.length > 0 || this.left < MAX_SYNC_ANSWER_BYTES)) break;
      taken.push(message);
      this.left -= size;
    }
    return taken;
  }
}
