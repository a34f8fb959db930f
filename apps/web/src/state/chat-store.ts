import type { ChatInfo, OwnUserProfile } from '@app/contracts';
import { CatchUp } from './catch-up';
import { ChatStateHolder, initialChatState, type ChatState } from './chat-state';
import { IncomingMessages } from './incoming-messages';
import { MessageHistory } from './message-history';
import { MyChats } from './my-chats';
import { Outbox } from './outbox';
import { PresenceTracker } from './presence-tracker';
import { ReadReceipts } from './read-receipts';
import type { RealtimeLink } from './realtime-link';
import { listenToSocket } from './socket-events';
import type { StoreDeps } from './store-deps';
import { TypingIndicators } from './typing-indicators';

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

  constructor(me: OwnUserProfile, link: RealtimeLink, deps: StoreDeps) {
    const holder = new ChatStateHolder(initialChatState(me, link.connected));
    const presence = new PresenceTracker(holder, link);
    const typing = new TypingIndicators(holder, link);
    const receipts = new ReadReceipts(holder, link, deps);
    const myChats = new MyChats(holder, deps, presence, receipts);
    // Receiving and catching up need each other: a gap seen on receipt is filled by a catch-up,
    // whose pages are received in turn. This arrow function reads `catchUp` only when called,
    // which is after `catchUp` below exists.
    const seqsChanged = (chatId: string) => catchUp.watchForGap(chatId);
    const incoming = new IncomingMessages(holder, myChats, receipts, typing, seqsChanged);
    const catchUp = new CatchUp(holder, link, incoming, myChats, receipts);
    const outbox = new Outbox(holder, link, deps, (message) => incoming.receive([message]));
    this.holder = holder;
    this.typing = typing;
    this.receipts = receipts;
    this.myChats = myChats;
    this.history = new MessageHistory(holder, deps, seqsChanged);
    this.outbox = outbox;
    this.sync = catchUp;
    listenToSocket(link, {
      holder,
      incoming,
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

  /** Loads the chat list (every page) and who of the direct partners is online. */
  loadChats(): Promise<void> {
    return this.myChats.loadAll();
  }

  async openChat(chatId: string | null): Promise<void> {
    this.holder.set({ activeChatId: chatId });
    if (!chatId) return;
    if (!this.history.isLoaded(chatId)) {
      this.history.addNewest(chatId, await this.history.fetchNewest(chatId));
    }
    this.markSeen();
  }

  /** The page before the oldest message held; false when there is nothing older. */
  loadOlder(chatId: string): Promise<boolean> {
    return this.history.loadOlder(chatId);
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

  send(chatId: string, text: string, image?: Blob): void {
    const pending = this.outbox.add(chatId, text, image);
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
