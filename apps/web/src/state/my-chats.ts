import type { ChatInfo, ChatUpdateReason, ChatView, Page } from '@app/contracts';
import { chatText } from '../i18n/chat';
import { freshestChat } from '../lib/chat-preview';
import type { ChatSettings } from './chat-settings';
import type { ChatStateHolder } from './chat-state';
import type { PresenceTracker } from './presence-tracker';
import type { ReadReceipts } from './read-receipts';
import type { StoreDeps } from './store-deps';
import type { UnreadMentions } from './unread-mentions';

/** A chat as I see it (the list, one chat, a mute's answer) rather than as everybody does. */
const isView = (chat: ChatInfo): chat is ChatView => 'unreadMentions' in chat && 'muted' in chat;

/** Pages of 50; a list longer than this many pages is cut off. */
const MAX_CHAT_PAGES = 20;

/** "You left Weekend." or "You were removed from Weekend.", said when a group goes from my list. */
function farewellText(reason: ChatUpdateReason | undefined, name: string | null | undefined) {
  if (reason === 'member_left') {
    return name ? chatText('group.youLeft', { name }) : chatText('group.youLeftUnnamed');
  }
  return name
    ? chatText('group.youWereRemoved', { name })
    : chatText('group.youWereRemovedUnnamed');
}

/** The list of chats I am in: loaded over HTTP, then kept current by events. */
export class MyChats {
  constructor(
    private readonly holder: ChatStateHolder,
    private readonly deps: StoreDeps,
    private readonly presence: PresenceTracker,
    private readonly receipts: ReadReceipts,
    private readonly mentions: UnreadMentions,
    private readonly settings: ChatSettings,
  ) {}

  /** Loads the chat list (every page) and who of the direct partners is online. */
  async loadAll(): Promise<void> {
    const chats: Record<string, ChatInfo> = {};
    const views: ChatView[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < MAX_CHAT_PAGES; page += 1) {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const result: Page<ChatView> = await this.deps.http(`/chats?limit=50${query}`);
      for (const chat of result.items) chats[chat.id] = chat;
      views.push(...result.items.filter(isView));
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    // Joined with what is held now: changes applied while the pages came are not undone.
    const { chats: held, conversations } = this.holder.state;
    for (const id of Object.keys(chats)) {
      chats[id] = freshestChat(held[id], chats[id], conversations[id]);
    }
    this.holder.set({ chats });
    this.noteViews(views);
    await this.presence.refresh();
  }

  /**
   * Adds or replaces a chat (keeping a preview fresher than the read); for a new one, asks
   * whether its partner is online.
   */
  upsert(chat: ChatInfo): void {
    const { chats, conversations } = this.holder.state;
    const isNew = !chats[chat.id];
    this.holder.setChat(freshestChat(chats[chat.id], chat, conversations[chat.id]));
    if (isView(chat)) this.noteViews([chat]);
    if (isNew) void this.presence.refresh([chat]);
  }

  /**
   * A `chat:updated` event: new name or members, or I am no longer in it; then the chat goes, and
   * I am told why rather than left looking at an empty screen.
   */
  applyUpdate(chat: ChatInfo, reason?: ChatUpdateReason): void {
    const { state } = this.holder;
    if (!chat.members.some((m) => m.userId === state.me.id)) {
      const chats = { ...state.chats };
      const name = chats[chat.id]?.name ?? chat.name;
      delete chats[chat.id];
      this.holder.set({
        chats,
        activeChatId: state.activeChatId === chat.id ? null : state.activeChatId,
        farewell: farewellText(reason, name),
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

  /** What only I see of these chats: mentions of me, my mutes. */
  private noteViews(views: readonly ChatView[]): void {
    this.mentions.noteViews(views);
    this.settings.noteViews(views);
  }
}
