import type { SyncCursor } from '@app/contracts';
import { confirmCatchUp, missingSeq } from '../lib/conversation';
import { MissingSeqWatch } from '../lib/missing-seq-watch';
import type { ChatStateHolder } from './chat-state';
import type { IncomingMessages } from './incoming-messages';
import type { MessageChanges } from './message-changes';
import type { MyChats } from './my-chats';
import type { ReadReceipts } from './read-receipts';
import type { RealtimeLink } from './realtime-link';

/** Cursors the server takes in one `chat:sync`. */
const SYNC_BATCH = 100;

/**
 * Fetches with `chat:sync` what the client missed: everything after a reconnect, and a single seq
 * that stays missing while connected (live events can bring n+1 before n, and n can be lost).
 */
export class CatchUp {
  /** Asks for a seq that stays missing after a later one came live. */
  private readonly missing = new MissingSeqWatch({
    missingSeq: (chatId) =>
      this.link.connected && this.holder.state.chats[chatId]
        ? missingSeq(this.holder.state.conversations[chatId])
        : null,
    fill: (chatId) => this.syncChats([chatId]),
  });

  constructor(
    private readonly holder: ChatStateHolder,
    private readonly link: RealtimeLink,
    private readonly incoming: IncomingMessages,
    private readonly changes: MessageChanges,
    private readonly myChats: MyChats,
    private readonly receipts: ReadReceipts,
  ) {}

  /**
   * After a reconnect: every loaded chat from its synced seq (not its newest: n+1 may have come
   * live before n), then the list and presence again.
   */
  async afterReconnect(): Promise<void> {
    const { state } = this.holder;
    const loaded = Object.keys(state.chats).filter((chatId) => state.conversations[chatId]?.loaded);
    await this.syncChats(loaded);
    await this.myChats.loadAll();
    this.receipts.markSeen();
    // The server may have stopped short of a seq still being written.
    for (const chatId of loaded) this.missing.check(chatId);
  }

  /** After anything that may open or close a gap in this chat's seqs. */
  watchForGap(chatId: string): void {
    this.missing.check(chatId);
  }

  /** Disconnected: the catch-up on reconnect asks from the synced seq anyway. */
  stopWatchingGaps(): void {
    this.missing.stop();
  }

  /**
   * Everything after each chat's synced seq, and every change since its change cursor, page by
   * page. A page cut short (`hasMore`) is followed by the next from where it stopped; the chat's
   * change cursor moves only when an answer is complete, so a catch-up cut off halfway asks for
   * those changes again.
   */
  private async syncChats(chatIds: readonly string[]): Promise<void> {
    let cursors = chatIds.map((chatId) => this.cursorOf(chatId));
    while (cursors.length > 0) {
      const batch = cursors.slice(0, SYNC_BATCH);
      const asked = new Map(batch.map((c) => [c.chatId, c]));
      const result = await this.link.request('chat:sync', { cursors: batch });
      const more: SyncCursor[] = [];
      const waiting: SyncCursor[] = [];
      for (const answer of result.chats) {
        const cursor = asked.get(answer.chatId);
        if (!cursor) continue;
        if (answer.messages.length > 0) {
          this.incoming.receive(answer.messages, (c, list) =>
            confirmCatchUp(c, cursor.afterSeq, list),
          );
        }
        if ((answer.changed ?? []).length > 0) this.changes.apply(answer.changed);
        const nextChange =
          cursor.afterChangeSeq === undefined ? undefined : answer.nextAfterChangeSeq;
        if (!answer.hasMore) {
          if (nextChange !== undefined) this.changes.moveCursor(answer.chatId, nextChange);
          continue;
        }
        const next = this.cursorOf(answer.chatId, nextChange);
        const moved =
          next.afterSeq > cursor.afterSeq ||
          (next.afterChangeSeq ?? 0) > (cursor.afterChangeSeq ?? 0);
        (moved ? more : waiting).push(next);
      }
      // The server shares one answer's reads among the chats in the order asked, so a chat can
      // come back with nothing yet and `hasMore`: it waits its turn, after the ones that moved.
      // A round in which no chat moved ends the catch-up (asking again would loop forever).
      const later = more.length > 0 ? [...more, ...waiting] : [];
      cursors = [...cursors.slice(SYNC_BATCH), ...later];
    }
  }

  /** From the synced seq; changes from the chat's change cursor, or from `afterChangeSeq`. */
  private cursorOf(chatId: string, afterChangeSeq?: number): SyncCursor {
    const conversation = this.holder.state.conversations[chatId];
    const changesFrom = afterChangeSeq ?? conversation?.changeCursor;
    return {
      chatId,
      afterSeq: conversation?.syncedSeq ?? 0,
      ...(changesFrom !== undefined && { afterChangeSeq: changesFrom }),
    };
  }
}
