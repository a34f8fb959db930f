import type { ChatInfo } from '@app/contracts';
import type { Conversation } from '../lib/conversation';
import { unreadMentions } from '../state/chat-selectors';
import type { ChatState, MuteState } from '../state/chat-state';
import type { SavedConversation } from './offline-db';
import type { OfflineStore } from './offline-store';
import { CHAT_LIST_PATH } from './saved-answers';

/** Changes come in bursts (a catch-up, a page of history): they are written once it settles. */
const WRITE_DELAY_MS = 800;

/** What the list's answer says of a chat for me alone, besides the mute. */
interface ListedExtras {
  unreadMentions: number;
}

interface StateSource {
  subscribe(listener: () => void): () => void;
  getState(): ChatState;
}

/**
 * Keeps what the app shows in IndexedDB as it changes, for opening it offline: the chat list
 * (with my mutes and mentions, as the list's own answer carries them) and the newest messages
 * of each chat opened, with when it was opened (the store keeps the most recent ones).
 */
export class SnapshotWriter {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listReady = false;
  private writtenChats: ChatState['chats'] | null = null;
  private readonly writtenConversations = new Map<string, Conversation>();
  private readonly openedAt = new Map<string, number>();
  private active: string | null = null;
  private stopped = false;

  constructor(
    private readonly store: OfflineStore,
    private readonly source: StateSource,
    private readonly delayMs = WRITE_DELAY_MS,
  ) {}

  /** Starts following the state; returns the stop. */
  start(): () => void {
    const unsubscribe = this.source.subscribe(() => this.changed());
    return () => {
      this.stopped = true;
      unsubscribe();
      clearTimeout(this.timer);
    };
  }

  /**
   * The chat list has loaded (from the server or the kept copy). Until then the state's empty
   * list is not the person's: writing it would erase the kept one.
   */
  listLoaded(): void {
    this.listReady = true;
    this.changed();
  }

  /** Writes what changed since the last write; `start` calls it after each burst of changes. */
  async write(): Promise<void> {
    const state = this.source.getState();
    if (this.listReady && state.chats !== this.writtenChats) {
      this.writtenChats = state.chats;
      const items = Object.values(state.chats).map((chat) => this.asListed(state, chat));
      await this.store.saveAnswer(CHAT_LIST_PATH, { items, nextCursor: null });
    }
    const changed: SavedConversation[] = [];
    for (const [chatId, conversation] of Object.entries(state.conversations)) {
      if (!conversation.loaded || !state.chats[chatId]) continue;
      if (this.writtenConversations.get(chatId) === conversation) continue;
      this.writtenConversations.set(chatId, conversation);
      changed.push({
        chatId,
        messages: conversation.messages,
        hasMoreBefore: conversation.hasMoreBefore,
        openedAt: this.openedAt.get(chatId) ?? Date.now(),
      });
    }
    if (changed.length > 0) await this.store.saveConversations(changed);
  }

  private changed(): void {
    const { activeChatId } = this.source.getState();
    if (activeChatId && activeChatId !== this.active) this.openedAt.set(activeChatId, Date.now());
    this.active = activeChatId;
    if (this.timer !== undefined || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) void this.write();
    }, this.delayMs);
  }

  /** A chat as the list's answer gives it: with what only I see of it (mute, mentions of me). */
  private asListed(state: ChatState, chat: ChatInfo): ChatInfo & MuteState & ListedExtras {
    const mute = state.mutes[chat.id] ?? { muted: false, mutedUntil: null };
    return { ...chat, ...mute, unreadMentions: unreadMentions(state, chat) };
  }
}
