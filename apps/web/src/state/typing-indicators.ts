import type { ChatMessage } from '@app/contracts';
import type { ChatStateHolder } from './chat-state';
import type { RealtimeLink } from './realtime-link';

/** How long someone shows as typing when no "stopped" event follows. */
const TYPING_SHOWN_MS = 6_000;
/** While I keep typing, `typing:start` goes out at most this often. */
const TYPING_RESEND_MS = 2_000;

/** Both directions of "is typing": what I tell the others, and whom to show as typing. */
export class TypingIndicators {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly holder: ChatStateHolder,
    private readonly link: RealtimeLink,
  ) {}

  /** Called on every edit of the composer. */
  composing(chatId: string, text: string): void {
    if (text.trim() === '') return this.stop(chatId);
    const last = this.lastSent.get(chatId) ?? 0;
    if (Date.now() - last < TYPING_RESEND_MS) return;
    this.lastSent.set(chatId, Date.now());
    this.link.request('typing:start', { chatId }).catch(() => undefined);
  }

  /** I stopped typing (emptied the composer or sent). */
  stop(chatId: string): void {
    if (!this.lastSent.has(chatId)) return;
    this.lastSent.delete(chatId);
    this.link.request('typing:stop', { chatId }).catch(() => undefined);
  }

  /** Someone else started or stopped typing. */
  show(chatId: string, userId: string, isTyping: boolean): void {
    const key = `${chatId}:${userId}`;
    clearTimeout(this.timers.get(key));
    if (!isTyping) return this.hide(chatId, userId);
    const current = this.holder.state.typing[chatId] ?? [];
    if (!current.includes(userId)) {
      this.holder.set({ typing: { ...this.holder.state.typing, [chatId]: [...current, userId] } });
    }
    // The server stops typing after 5 s; this is the safety net if that event is lost.
    this.timers.set(
      key,
      setTimeout(() => this.hide(chatId, userId), TYPING_SHOWN_MS),
    );
  }

  /** Someone who sent a message has stopped typing it. */
  hideSenders(chatId: string, messages: readonly ChatMessage[]): void {
    for (const sender of new Set(messages.map((m) => m.senderId))) {
      if (sender) this.hide(chatId, sender);
    }
  }

  private hide(chatId: string, userId: string): void {
    const current = this.holder.state.typing[chatId];
    if (!current?.includes(userId)) return;
    const typing = { ...this.holder.state.typing, [chatId]: current.filter((u) => u !== userId) };
    this.holder.set({ typing });
  }
}
