import type { ChatMessage, ChatView } from '@app/contracts';
import type { ChatStateHolder, MentionTally } from './chat-state';

const EMPTY: MentionTally = { base: 0, asOfSeq: 0, seqs: [] };

/** How many unread messages mention me, per chat: the "@" badge of the chat list. */
export class UnreadMentions {
  constructor(private readonly holder: ChatStateHolder) {}

  /**
   * The server's counts (the chat list, or one chat's view). They cover every seq up to the
   * chat's last one; mentions that came live after it are kept.
   */
  noteViews(views: readonly ChatView[]): void {
    const mentions = { ...this.holder.state.mentions };
    for (const view of views) {
      const held = mentions[view.id] ?? EMPTY;
      mentions[view.id] = {
        base: view.unreadMentions,
        asOfSeq: view.lastSeq,
        seqs: held.seqs.filter((seq) => seq > view.lastSeq),
      };
    }
    this.holder.set({ mentions });
  }

  /** New messages of one chat: those from others that mention me, not counted yet. */
  noteNew(chatId: string, messages: readonly ChatMessage[]): void {
    const me = this.holder.state.me.id;
    const tally = this.holder.state.mentions[chatId] ?? EMPTY;
    const fresh = messages
      .filter((m) => m.senderId !== me && !m.deletedAt && (m.mentions ?? []).includes(me))
      .map((m) => m.seq)
      .filter((seq) => seq > tally.asOfSeq && !tally.seqs.includes(seq));
    if (fresh.length === 0) return;
    this.set(chatId, { ...tally, seqs: [...tally.seqs, ...fresh] });
  }

  /** Changed messages: one deleted (or no longer mentioning me) is no longer counted. */
  noteChanged(chatId: string, messages: readonly ChatMessage[]): void {
    const me = this.holder.state.me.id;
    const tally = this.holder.state.mentions[chatId];
    if (!tally) return;
    const gone = new Set(
      messages.filter((m) => m.deletedAt || !(m.mentions ?? []).includes(me)).map((m) => m.seq),
    );
    const seqs = tally.seqs.filter((seq) => !gone.has(seq));
    if (seqs.length !== tally.seqs.length) this.set(chatId, { ...tally, seqs });
  }

  private set(chatId: string, tally: MentionTally): void {
    this.holder.set({ mentions: { ...this.holder.state.mentions, [chatId]: tally } });
  }
}
