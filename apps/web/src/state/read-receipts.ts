import type { ChatMessage } from '@app/contracts';
import { myMember } from './chat-selectors';
import type { ChatStateHolder } from './chat-state';
import type { RealtimeLink } from './realtime-link';
import type { StoreDeps } from './store-deps';

export type ReceiptMark = 'lastReadSeq' | 'lastDeliveredSeq';

/**
 * How far each member has received and read each chat: the ticks under my messages, and my own
 * unread counts. Marks only ever move forward, so an event that arrives late changes nothing.
 */
export class ReadReceipts {
  constructor(
    private readonly holder: ChatStateHolder,
    private readonly link: RealtimeLink,
    private readonly deps: StoreDeps,
  ) {}

  /** Marks the open chat read up to its last message, if the page is being looked at. */
  markSeen(): void {
    const { state } = this.holder;
    const chatId = state.activeChatId;
    const chat = chatId ? state.chats[chatId] : undefined;
    if (!chat || !this.deps.isVisible() || !state.conversations[chat.id]?.loaded) return;
    const mine = myMember(state, chat);
    if (!mine || mine.lastReadSeq >= chat.lastSeq) return;
    this.move(chat.id, state.me.id, 'lastReadSeq', chat.lastSeq);
    this.link
      .request('message:read', { chatId: chat.id, seq: chat.lastSeq })
      .catch(() => undefined);
  }

  /** Moves one member's mark up to `seq`, never back. */
  move(chatId: string, userId: string, mark: ReceiptMark, seq: number): void {
    const chat = this.holder.state.chats[chatId];
    if (!chat) return;
    this.holder.setChat({
      ...chat,
      members: chat.members.map((m) =>
        m.userId === userId && m[mark] < seq ? { ...m, [mark]: seq } : m,
      ),
    });
  }

  /** Sending moves the sender's own read mark (the server does the same on its side). */
  movePastMyOwn(chatId: string, messages: readonly ChatMessage[]): void {
    const me = this.holder.state.me.id;
    const mine = messages.filter((m) => m.senderId === me);
    if (mine.length > 0) this.move(chatId, me, 'lastReadSeq', Math.max(...mine.map((m) => m.seq)));
  }

  /** Tells the senders that messages from the others reached this device. */
  confirmDelivery(chatId: string, messages: readonly ChatMessage[]): void {
    const fromOthers = messages.filter((m) => m.senderId !== this.holder.state.me.id);
    if (fromOthers.length > 0) {
      const seq = Math.max(...fromOthers.map((m) => m.seq));
      this.link.request('message:delivered', { chatId, seq }).catch(() => undefined);
    }
  }
}
