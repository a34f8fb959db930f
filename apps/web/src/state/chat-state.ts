import type { ChatInfo, ChatView, OwnUserProfile, PresenceState } from '@app/contracts';
import { emptyConversation, type Conversation } from '../lib/conversation';

export type ConnectionState = 'connecting' | 'online' | 'reconnecting';

/** My mute of one chat (as my view of it says): no browser notification while it lasts. */
export type MuteState = Pick<ChatView, 'muted' | 'mutedUntil'>;

/**
 * Unread messages that mention me, per chat: the server's count when the list was loaded (for
 * seqs up to `asOfSeq`), plus the seqs of those that came since. Read marks make them go.
 */
export interface MentionTally {
  base: number;
  asOfSeq: number;
  seqs: number[];
}

/** A message to scroll to and light up for a moment (a quote or a search result was clicked). */
export interface Highlight {
  chatId: string;
  seq: number;
  /** Distinguishes two clicks on the same message. */
  at: number;
}

/**
 * Where the open chat's unread messages began when it was opened: the view starts there, under a
 * "New messages" divider. Kept while the chat stays open (reading it moves the read mark at once).
 */
export interface UnreadFrom {
  chatId: string;
  /** The first seq after my read mark; my own messages after it are not unread. */
  seq: number;
}

export interface ChatState {
  me: OwnUserProfile;
  /** Every chat I am in, by id; the list is `sortedChats(state)`. */
  chats: Record<string, ChatInfo>;
  conversations: Record<string, Conversation>;
  /** Who is typing, per chat. */
  typing: Record<string, string[]>;
  presence: Record<string, PresenceState>;
  connection: ConnectionState;
  activeChatId: string | null;
  mutes: Record<string, MuteState>;
  mentions: Record<string, MentionTally>;
  /** The people I blocked. */
  blocked: string[];
  highlight: Highlight | null;
  unreadFrom: UnreadFrom | null;
  /** Said once I am no longer in a chat I had: "You were removed from Trip"; until dismissed. */
  farewell: string | null;
}

export const initialChatState = (me: OwnUserProfile, connected: boolean): ChatState => ({
  me,
  chats: {},
  conversations: {},
  typing: {},
  presence: {},
  connection: connected ? 'online' : 'connecting',
  activeChatId: null,
  mutes: {},
  mentions: {},
  blocked: [],
  highlight: null,
  unreadFrom: null,
  farewell: null,
});

/**
 * Keeps the current state and tells every subscriber after each change. A change always builds a
 * new state object (never edits the old one), so React sees that something changed.
 */
export class ChatStateHolder {
  private current: ChatState;
  private readonly listeners = new Set<() => void>();

  constructor(initial: ChatState) {
    this.current = initial;
  }

  get state(): ChatState {
    return this.current;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(patch: Partial<ChatState>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) listener();
  }

  setChat(chat: ChatInfo): void {
    this.set({ chats: { ...this.current.chats, [chat.id]: chat } });
  }

  /** Changes one chat's messages; a chat seen for the first time starts from an empty one. */
  setConversation(chatId: string, update: (c: Conversation) => Conversation): void {
    const existing = this.current.conversations[chatId] ?? emptyConversation();
    this.set({ conversations: { ...this.current.conversations, [chatId]: update(existing) } });
  }
}
