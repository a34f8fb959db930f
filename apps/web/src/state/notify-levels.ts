import { CHAT_NOTIFY_LEVELS, type ChatInfo, type ChatNotifyLevel } from '@app/contracts';

const isLevel = (value: unknown): value is ChatNotifyLevel =>
  (CHAT_NOTIFY_LEVELS as readonly unknown[]).includes(value);

/**
 * Which messages of each chat may become a push notification for me (`ChatView.notify`). Kept
 * apart from the chats themselves: a chat as everybody sees it (`chat:updated`) replaces my view
 * of it and carries no level, which must not reset mine. Unknown chats are 'all', the default.
 */
export class NotifyLevels {
  private levels: Readonly<Record<string, ChatNotifyLevel>> = {};
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): Readonly<Record<string, ChatNotifyLevel>> => this.levels;

  levelOf(chatId: string): ChatNotifyLevel {
    return this.levels[chatId] ?? 'all';
  }

  /** Takes the level of each chat that carries one (my views of chats: the list, a chat's answer). */
  note(chats: Iterable<ChatInfo>): void {
    let next: Record<string, ChatNotifyLevel> | null = null;
    for (const chat of chats) {
      const level = (chat as Partial<Record<'notify', unknown>>).notify;
      if (!isLevel(level) || this.levels[chat.id] === level) continue;
      next ??= { ...this.levels };
      next[chat.id] = level;
    }
    if (next) this.replace(next);
  }

  /** The level the server took for a chat (its answer to my change). */
  set(chatId: string, level: ChatNotifyLevel): void {
    if (this.levels[chatId] !== level) this.replace({ ...this.levels, [chatId]: level });
  }

  private replace(levels: Record<string, ChatNotifyLevel>): void {
    this.levels = levels;
    this.listeners.forEach((listener) => listener());
  }
}
