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

/** About this many bytes of messages in one chat:sync answer, whatever the cursors ask for. */
export const MAX_SYNC_ANSWER_BYTES = 1_000_000;

interface ChatCursor {
  afterSeq: number;
  afterChangeSeq?: number;
}

/**
 * chat:sync: what a client missed, new messages and changes to the ones it has. Several cursors of
 * one chat count as the lowest. Each chat's change log head is read before its messages, so every
 * change up to it is in a complete answer (committed changes take change seqs in order); the
 * client asks next time from that head, or, when an answer was cut short, from the last change it
 * got (or the same cursor).
 */
@Injectable()
export class ChatSyncService {
  constructor(
    private readonly chats: ChatsRepository,
    private readonly messages: MessagesRepository,
  ) {}

  async sync(userId: string, cursors: readonly SyncCursor[]): Promise<ChatSyncResult> {
    const wanted = lowestCursors(cursors);
    const ids = [...wanted.keys()];
    const memberOf = new Set((await this.chats.membershipsOf(userId, ids)).map((m) => m.chatId));
    const mine = ids.filter((chatId) => memberOf.has(chatId));
    const heads = await this.chats.lastChangeSeqs(mine);
    // Two reads for all the chats (one statement each on SQL), not two per chat.
    const mineWanted = mine.map((chatId) => ({ chatId, ...wanted.get(chatId)! }));
    const [newer, changedOf] = await Promise.all([
      this.messages.pagesAfter(mineWanted, MAX_MESSAGES_PAGE + 1),
      this.messages.changedAfter(
        mineWanted.flatMap(({ chatId, afterSeq, afterChangeSeq }) =>
          afterChangeSeq === undefined ? [] : [{ chatId, afterChangeSeq, atOrBelowSeq: afterSeq }],
        ),
        MAX_MESSAGES_PAGE + 1,
      ),
    ]);
    const pages = mineWanted.map(({ chatId, afterChangeSeq }) => ({
      chatId,
      rows: newer.get(chatId) ?? [],
      changedRows: changedOf.get(chatId) ?? [],
      afterChangeSeq,
      head: heads.get(chatId) ?? 0,
    }));
    const budget = new AnswerBudget();
    const chats = pages.map((page): ChatSyncChat => {
      const changed = budget.take(page.changedRows);
      const messages = budget.take(page.rows);
      const changedComplete = changed.length === page.changedRows.length;
      const messagesComplete = messages.length === page.rows.length;
      const asked = page.afterChangeSeq ?? 0;
      return {
        chatId: page.chatId,
        messages,
        changed,
        hasMore: !changedComplete || !messagesComplete,
        // The head only once both lists are complete: a client may move its afterSeq past
        // messages it already held (stale copies) and must still be sent their changes.
        nextAfterChangeSeq: !changedComplete
          ? (changed.at(-1)?.changeSeq ?? asked)
          : messagesComplete
            ? Math.max(page.head, asked)
            : asked,
      };
    });
    return { chats, notFound: ids.filter((id) => !memberOf.has(id)) };
  }
}

function lowestCursors(cursors: readonly SyncCursor[]): Map<string, ChatCursor> {
  const lowest = new Map<string, ChatCursor>();
  for (const { chatId, afterSeq, afterChangeSeq } of cursors) {
    const seen = lowest.get(chatId);
    const changeSeqs = [seen?.afterChangeSeq, afterChangeSeq].filter((n) => n !== undefined);
    lowest.set(chatId, {
      afterSeq: Math.min(afterSeq, seen?.afterSeq ?? afterSeq),
      afterChangeSeq: changeSeqs.length > 0 ? Math.min(...changeSeqs) : undefined,
    });
  }
  return lowest;
}

/**
 * At most MAX_MESSAGES_PAGE messages per list, and about MAX_SYNC_ANSWER_BYTES in all; the very
 * first message always fits, so a client always moves on.
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
