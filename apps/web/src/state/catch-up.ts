import { confirmCatchUp, missingSeq } from '../lib/conversation';
import { MissingSeqWatch } from '../lib/missing-seq-watch';
import type { ChatStateHolder } from './chat-state';
import type { IncomingMessages } from './incoming-messages';
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

  /** Everything after each chat's synced seq, page by page. */
  private async syncChats(chatIds: readonly string[]): Promise<void> {
    const cursorOf = (chatId: string) => ({
      chatId,
      afterSeq: this.holder.state.conversations[chatId]?.syncedSeq ?? 0,
    });
    let cursors = chatIds.map(cursorOf);
    while (cursors.length > 0) {
      const batch = cursors.slice(0, SYNC_BATCH);
      const asked = new Map(batch.map((c) => [c.chatId, c.afterSeq]));
      const result = await this.link.request('chat:sync', { cursors: batch });
      for (const { chatId, messages } of result.chats) {
        const afterSeq = asked.get(chatId);
        if (afterSeq === undefined || messages.length === 0) continue;
        this.incoming.receive(messages, (c, list) => confirmCatchUp(c, afterSeq, list));
      }
      // Asked again only where the page moved the cursor: one that did not would loop forever.
      const more = result.chats
        .filter((c) => c.hasMore)
        .map((c) => cursorOf(c.chatId))
        .filter((next) => next.afterSeq > (asked.get(next.chatId) ?? 0));
      cursors = [...cursors.slice(SYNC_BATCH), ...more];
    }
  }
}
