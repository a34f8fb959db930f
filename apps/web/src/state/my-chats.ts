import type { ChatInfo, ChatView, Page } from '@app/contracts';
import type { ChatStateHolder } from './chat-state';
import type { PresenceTracker } from './presence-tracker';
import type { ReadReceipts } from './read-receipts';
import type { StoreDeps } from './store-deps';

/** Pages of 50; a list longer than this many pages is cut off. */
const MAX_CHAT_PAGES = 20;

/** The list of chats I am in: loaded over HTTP, then kept current by events. */
export class MyChats {
  constructor(
    private readonly holder: ChatStateHolder,
    private readonly deps: StoreDeps,
    private readonly presence: PresenceTracker,
    private readonly receipts: ReadReceipts,
  ) {}

  /** Loads the chat list (every page) and who of the direct partners is online. */
  async loadAll(): Promise<void> {
    const chats: Record<string, ChatInfo> = {};
    let cursor: string | null = null;
    for (let page = 0; page < MAX_CHAT_PAGES; page += 1) {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const result: Page<ChatView> = await this.deps.http(`/chats?limit=50${query}`);
      for (const chat of result.items) chats[chat.id] = chat;
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    this.holder.set({ chats });
    await this.presence.refresh();
  }

  /** Adds or replaces a chat; for a new one, asks whether its partner is online. */
  upsert(chat: ChatInfo): void {
    const isNew = !this.holder.state.chats[chat.id];
    this.holder.setChat(chat);
    if (isNew) void this.presence.refresh([chat]);
  }

  /** A `chat:updated` event: new name or members, or I am no longer in it. */
  applyUpdate(chat: ChatInfo): void {
    const { state } = this.holder;
    if (!chat.members.some((m) => m.userId === state.me.id)) {
      const chats = { ...state.chats };
      delete chats[chat.id];
      this.holder.set({
        chats,
        activeChatId: state.activeChatId === chat.id ? null : state.activeChatId,
      });
      return;
    }
    this.upsert(chat);
    if (chat.lastMessage) this.receipts.markSeen();
  }

  /** A message came for a chat not in the list yet (I was just added to it). */
  async fetch(chatId: string): Promise<void> {
    try {
      this.upsert(await this.deps.http<ChatView>(`/chats/${chatId}`));
    } catch {
      // not visible to us (any more): nothing to show
    }
  }
}
