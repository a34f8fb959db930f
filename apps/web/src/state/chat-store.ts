import type { ChatInfo, ChatMessage, OwnUserProfile } from '@app/contracts';
import { heldCopy, type OutgoingAttachment } from '../lib/conversation';
import { CatchUp } from './catch-up';
import { ChatSettings } from './chat-settings';
import { myMember } from './chat-selectors';
import { ChatStateHolder, initialChatState, type ChatState, type UnreadFrom } from './chat-state';
import { IncomingMessages } from './incoming-messages';
import { MessageChanges } from './message-changes';
import { MessageHistory } from './message-history';
import { MyChats } from './my-chats';
import { Notifier } from './notifier';
import { Outbox, type SendExtras } from './outbox';
import { PresenceTracker } from './presence-tracker';
import { ReadReceipts } from './read-receipts';
import type { RealtimeLink } from './realtime-link';
import { listenToSocket } from './socket-events';
import type { StoreDeps } from './store-deps';
import { TypingIndicators } from './typing-indicators';
import { UnreadMentions } from './unread-mentions';

/** How many pages of 100 a chat's opening loads to reach its first unread message. */
const UNREAD_PAGES = 10;

/**
 * Everything the conversation screens show, kept consistent from four sources: HTTP pages, live
 * socket events, acknowledgements, and the catch-up after a reconnect. Messages merge by seq, so
 * whatever order they arrive in, each is shown once; pending sends keep their clientMessageId, so
 * a retry can never create a second message.
 *
 * This class is what the components use; each concern lives in its own part, connected here.
 */
export class ChatStore {
  private readonly holder: ChatStateHolder;
  private readonly typing: TypingIndicators;
  private readonly receipts: ReadReceipts;
  private readonly myChats: MyChats;
  private readonly history: MessageHistory;
  private readonly outbox: Outbox;
  private readonly sync: CatchUp;
  private readonly changes: MessageChanges;
  private readonly settings: ChatSettings;

  constructor(me: OwnUserProfile, link: RealtimeLink, deps: StoreDeps) {
    const holder = new ChatStateHolder(initialChatState(me, link.connected));
    const presence = new PresenceTracker(holder, link);
    const typing = new TypingIndicators(holder, link);
    const receipts = new ReadReceipts(holder, link, deps);
    const mentions = new UnreadMentions(holder);
    const settings = new ChatSettings(holder, deps);
    const myChats = new MyChats(holder, deps, presence, receipts, mentions, settings);
    // Receiving and catching up need each other: a gap seen on receipt is filled by a catch-up,
    // whose pages are received in turn. This arrow function reads `catchUp` only when called,
    // which is after `catchUp` below exists.
    const seqsChanged = (chatId: string) => catchUp.watchForGap(chatId);
    const incoming = new IncomingMessages(holder, myChats, receipts, typing, mentions, seqsChanged);
    const changes = new MessageChanges(holder, link, deps, mentions, seqsChanged);
    const catchUp = new CatchUp(holder, link, incoming, changes, myChats, receipts);
    const outbox = new Outbox(holder, link, deps, (message) => incoming.receive([message]));
    this.holder = holder;
    this.typing = typing;
    this.receipts = receipts;
    this.myChats = myChats;
    this.history = new MessageHistory(holder, deps, seqsChanged);
    this.outbox = outbox;
    this.sync = catchUp;
    this.changes = changes;
    this.settings = settings;
    listenToSocket(link, {
      holder,
      incoming,
      changes,
      notifier: new Notifier(holder, deps),
      receipts,
      typing,
      presence,
      myChats,
      outbox,
      catchUp,
    });
  }

  // ---- for React (useSyncExternalStore) ----

  readonly subscribe = (listener: () => void): (() => void) => this.holder.subscribe(listener);

  readonly getState = (): ChatState => this.holder.state;

  // ---- loading ----

  /** Loads the chat list (every page), who of the direct partners is online, whom I blocked. */
  async loadChats(): Promise<void> {
    await Promise.all([this.myChats.loadAll(), this.settings.loadBlocks()]);
  }

  async openChat(chatId: string | null): Promise<void> {
    const unreadFrom = chatId ? this.firstUnread(chatId) : null;
    this.holder.set({ activeChatId: chatId, unreadFrom });
    if (!chatId) return;
    if (!this.history.isLoaded(chatId)) {
      // Read before the page is fetched: the page holds every change up to it
      // (docs/architecture.md#change-log).
      const changeCursor = this.holder.state.chats[chatId]?.lastChangeSeq;
      this.history.addNewest(chatId, await this.history.fetchNewest(chatId), changeCursor);
    }
    // The chat opens at its first unread message, so that one must be held (a few pages at most).
    if (unreadFrom) await this.history.loadBackTo(chatId, unreadFrom.seq, UNREAD_PAGES);
    this.markSeen();
  }

  /** Where the chat's unread messages start, by my read mark; null when all is read. */
  private firstUnread(chatId: string): UnreadFrom | null {
    const state = this.holder.state;
    const chat = state.chats[chatId];
    const mine = chat && myMember(state, chat);
    if (!chat || !mine || mine.lastReadSeq >= chat.lastSeq) return null;
    return { chatId, seq: mine.lastReadSeq + 1 };
  }

  /**
   * Opens the chat at one message (a clicked quote or search result): loads older history until
   * it is there, then asks the view to scroll to it and light it up. False if it cannot be shown.
   */
  async reveal(chatId: string, seq: number): Promise<boolean> {
    if (this.holder.state.activeChatId !== chatId || !this.history.isLoaded(chatId)) {
      await this.openChat(chatId);
    }
    const found = await this.history.loadUntil(chatId, seq);
    if (found) this.holder.set({ highlight: { chatId, seq, at: Date.now() } });
    return found;
  }

  /** The page before the oldest message held; false when there is nothing older. */
  loadOlder(chatId: string): Promise<boolean> {
    return this.history.loadOlder(chatId);
  }

  /** The "You were removed from …" notice was read. */
  dismissFarewell(): void {
    this.holder.set({ farewell: null });
  }

  /** After the profile panel saved a change. */
  updateMe(me: OwnUserProfile): void {
    this.holder.set({ me });
  }

  /** Adds or replaces a chat the user just opened or created over HTTP. */
  upsertChat(chat: ChatInfo): void {
    this.myChats.upsert(chat);
  }

  // ---- sending ----

  /** Sends text, an attachment (a picture, a file, a voice message), or both. */
  send(chatId: string, text: string, attachment?: OutgoingAttachment, extras?: SendExtras): void {
    const pending = this.outbox.add(chatId, text, attachment, extras);
    this.typing.stop(chatId);
    void this.outbox.deliver(pending);
  }

  /** Sends a failed message again, with the same clientMessageId. */
  retry(chatId: string, clientMessageId: string): void {
    this.outbox.retry(chatId, clientMessageId);
  }

  discard(chatId: string, clientMessageId: string): void {
    this.outbox.discard(chatId, clientMessageId);
  }

  // ---- changing sent messages ----

  edit(chatId: string, seq: number, text: string): Promise<ChatMessage> {
    return this.changes.edit(chatId, seq, text.trim());
  }

  /** Deletes a message for everyone. */
  deleteMessage(chatId: string, seq: number): Promise<ChatMessage> {
    return this.changes.remove(chatId, seq);
  }

  /** Puts my emoji on the message, or takes it off if it is there. */
  toggleReaction(chatId: string, seq: number, emoji: string): Promise<ChatMessage> {
    const held = heldCopy(this.holder.state.conversations[chatId], seq);
    const mine = held?.reactions.some(
      (r) => r.emoji === emoji && r.userIds.includes(this.holder.state.me.id),
    );
    return this.changes.react(chatId, seq, emoji, !mine);
  }

  /** Takes a link preview off my message, for everyone. */
  removePreview(chatId: string, seq: number, index: number): Promise<ChatMessage> {
    return this.changes.removePreview(chatId, seq, index);
  }

  // ---- mine alone: mutes and blocks ----

  /** No notifications from the chat until `until`, or until I unmute (`null`). */
  async mute(chatId: string, until: Date | null): Promise<void> {
    this.myChats.upsert(await this.settings.mute(chatId, until));
  }

  async unmute(chatId: string): Promise<void> {
    this.myChats.upsert(await this.settings.unmute(chatId));
  }

  block(userId: string): Promise<void> {
    return this.settings.block(userId);
  }

  unblock(userId: string): Promise<void> {
    return this.settings.unblock(userId);
  }

  // ---- typing ----

  /** Called on every edit of the composer. */
  composing(chatId: string, text: string): void {
    this.typing.composing(chatId, text);
  }

  stopTyping(chatId: string): void {
    this.typing.stop(chatId);
  }

  // ---- receipts ----

  /** Marks the open chat read up to its last message, if the page is being looked at. */
  markSeen(): void {
    this.receipts.markSeen();
  }

  // ---- reconnect ----

  /**
   * After a reconnect: every loaded chat from its synced seq (not its newest: n+1 may have come
   * live before n), then the list and presence again.
   */
  catchUp(): Promise<void> {
    return this.sync.afterReconnect();
  }
}
