import type {
  ChatInfo,
  ChatMessage,
  ChatView,
  MediaView,
  OwnUserProfile,
  Page,
  PresenceState,
} from '@app/contracts';
import { newClientMessageId } from '../lib/client-id';
import {
  confirm,
  confirmCatchUp,
  confirmNewestPage,
  emptyConversation,
  missingSeq,
  oldestSeq,
  type Conversation,
  type PendingMessage,
} from '../lib/conversation';
import { MissingSeqWatch } from '../lib/missing-seq-watch';
import { RealtimeError, type RealtimeLink } from './realtime-link';

export type ConnectionState = 'connecting' | 'online' | 'reconnecting';

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
}

/** What the store needs besides the socket: HTTP calls, the upload, whether the page is seen. */
export interface StoreDeps {
  http<T>(path: string, init?: { method?: string; json?: unknown }): Promise<T>;
  upload(file: Blob, onProgress: (fraction: number) => void): Promise<MediaView>;
  isVisible(): boolean;
  describeError(error: unknown): string;
  objectUrl?: { create(file: Blob): string; revoke(url: string): void };
}

const HISTORY_PAGE = 50;
const TYPING_SHOWN_MS = 6_000;
const TYPING_RESEND_MS = 2_000;
const MAX_CHAT_PAGES = 20;
/** Cursors the server takes in one `chat:sync`. */
const SYNC_BATCH = 100;

export const sortedChats = (state: ChatState): ChatInfo[] =>
  Object.values(state.chats).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));

export const myMember = (state: ChatState, chat: ChatInfo) =>
  chat.members.find((m) => m.userId === state.me.id);

export const unreadCount = (state: ChatState, chat: ChatInfo): number =>
  Math.max(0, chat.lastSeq - (myMember(state, chat)?.lastReadSeq ?? chat.lastSeq));

/** The other person of a direct chat. */
export const partnerOf = (state: ChatState, chat: ChatInfo) =>
  chat.kind === 'direct' ? chat.members.find((m) => m.userId !== state.me.id) : undefined;

export const chatTitle = (state: ChatState, chat: ChatInfo): string =>
  chat.name ?? partnerOf(state, chat)?.profile?.name ?? 'Deleted account';

/** A server that is busy answers `unavailable`; a send is tried this many more times before it shows as failed. */
const BUSY_RETRIES = 4;
const BUSY_RETRY_BASE_MS = 500;

const isBusy = (error: unknown) => error instanceof RealtimeError && error.code === 'unavailable';

/**
 * Everything the conversation screens show, kept consistent from four sources: HTTP pages, live
 * socket events, acknowledgements, and the catch-up after a reconnect. Messages merge by seq, so
 * whatever order they arrive in, each is shown once; pending sends keep their clientMessageId, so
 * a retry can never create a second message.
 */
export class ChatStore {
  private state: ChatState;
  private readonly listeners = new Set<() => void>();
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lastTypingSent = new Map<string, number>();
  private everConnected = false;
  /** Asks for a seq that stays missing after a later one came live. */
  private readonly missing = new MissingSeqWatch({
    missingSeq: (chatId) =>
      this.link.connected && this.state.chats[chatId]
        ? missingSeq(this.state.conversations[chatId])
        : null,
    fill: (chatId) => this.syncChats([chatId]),
  });

  constructor(
    me: OwnUserProfile,
    private readonly link: RealtimeLink,
    private readonly deps: StoreDeps,
  ) {
    this.state = {
      me,
      chats: {},
      conversations: {},
      typing: {},
      presence: {},
      connection: link.connected ? 'online' : 'connecting',
      activeChatId: null,
    };
    this.listen();
  }

  // ---- for React (useSyncExternalStore) ----

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): ChatState => this.state;

  private set(patch: Partial<ChatState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private setChat(chat: ChatInfo): void {
    this.set({ chats: { ...this.state.chats, [chat.id]: chat } });
  }

  private setConversation(chatId: string, update: (c: Conversation) => Conversation): void {
    const current = this.state.conversations[chatId] ?? emptyConversation();
    this.set({ conversations: { ...this.state.conversations, [chatId]: update(current) } });
  }

  // ---- loading ----

  /** Loads the chat list (every page) and who of the direct partners is online. */
  async loadChats(): Promise<void> {
    const chats: Record<string, ChatInfo> = {};
    let cursor: string | null = null;
    for (let page = 0; page < MAX_CHAT_PAGES; page += 1) {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const result: Page<ChatView> = await this.deps.http(`/chats?limit=50${query}`);
      for (const chat of result.items) chats[chat.id] = chat;
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    this.set({ chats });
    await this.refreshPresence();
  }

  async openChat(chatId: string | null): Promise<void> {
    this.set({ activeChatId: chatId });
    if (!chatId) return;
    if (!this.state.conversations[chatId]?.loaded) {
      const page = await this.deps.http<{ items: ChatMessage[]; hasMore: boolean }>(
        `/chats/${chatId}/messages?limit=${HISTORY_PAGE}`,
      );
      this.setConversation(chatId, (c) => ({
        ...confirmNewestPage(c, page.items),
        hasMoreBefore: page.hasMore,
      }));
      this.missing.check(chatId);
    }
    this.markSeen();
  }

  /** The page before the oldest message held; false when there is nothing older. */
  async loadOlder(chatId: string): Promise<boolean> {
    const conversation = this.state.conversations[chatId];
    const before = conversation && oldestSeq(conversation);
    if (!conversation?.hasMoreBefore || before === undefined) return false;
    const page = await this.deps.http<{ items: ChatMessage[]; hasMore: boolean }>(
      `/chats/${chatId}/messages?beforeSeq=${before}&limit=${HISTORY_PAGE}`,
    );
    this.setConversation(chatId, (c) => ({
      ...confirm(c, page.items),
      hasMoreBefore: page.hasMore,
    }));
    return true;
  }

  /** After the profile panel saved a change. */
  updateMe(me: OwnUserProfile): void {
    this.set({ me });
  }

  /** Adds or replaces a chat the user just opened or created over HTTP. */
  upsertChat(chat: ChatInfo): void {
    const isNew = !this.state.chats[chat.id];
    this.setChat(chat);
    if (isNew) void this.refreshPresence([chat]);
  }

  // ---- sending ----

  send(chatId: string, text: string, image?: Blob): void {
    const pending: PendingMessage = {
      clientMessageId: newClientMessageId(),
      chatId,
      text: text.trim(),
      image: image && { file: image, previewUrl: this.objectUrl(image), progress: 0 },
      status: 'sending',
      createdAt: new Date().toISOString(),
    };
    this.setConversation(chatId, (c) => ({ ...c, pending: [...c.pending, pending] }));
    this.stopTyping(chatId);
    void this.deliver(pending);
  }

  /** Sends a failed message again, with the same clientMessageId. */
  retry(chatId: string, clientMessageId: string): void {
    const pending = this.findPending(chatId, clientMessageId);
    if (!pending) return;
    this.updatePending(pending, { status: 'sending', error: undefined });
    void this.deliver({ ...pending, status: 'sending' });
  }

  discard(chatId: string, clientMessageId: string): void {
    const pending = this.findPending(chatId, clientMessageId);
    if (pending?.image) this.deps.objectUrl?.revoke(pending.image.previewUrl);
    this.setConversation(chatId, (c) => ({
      ...c,
      pending: c.pending.filter((p) => p.clientMessageId !== clientMessageId),
    }));
  }

  private async deliver(pending: PendingMessage, attempt = 0): Promise<void> {
    try {
      let mediaId = pending.image?.mediaId;
      if (pending.image && !mediaId) {
        const media = await this.deps.upload(pending.image.file, (progress) =>
          this.updateImage(pending, { progress }),
        );
        mediaId = media.id;
        this.updateImage(pending, { mediaId, progress: 1 });
      }
      // Offline: it stays "sending" and goes out when the connection is back.
      if (!this.link.connected) return;
      const message = await this.link.request('message:send', {
        chatId: pending.chatId,
        clientMessageId: pending.clientMessageId,
        ...(pending.text && { text: pending.text }),
        ...(mediaId && { mediaId }),
      });
      this.receive([message]);
    } catch (error) {
      if (!this.link.connected) return; // goes out again on reconnect
      if (isBusy(error) && attempt < BUSY_RETRIES) {
        // Nothing was stored; the same clientMessageId goes again after a growing, jittered pause.
        const delay = BUSY_RETRY_BASE_MS * 2 ** attempt * (1 + Math.random());
        setTimeout(() => void this.redeliver(pending, attempt + 1), delay);
        return;
      }
      this.updatePending(pending, { status: 'failed', error: this.deps.describeError(error) });
    }
  }

  private redeliver(pending: PendingMessage, attempt: number): Promise<void> {
    const current = this.findPending(pending.chatId, pending.clientMessageId);
    if (current?.status !== 'sending') return Promise.resolve();
    return this.deliver(current, attempt);
  }

  private findPending(chatId: string, clientMessageId: string): PendingMessage | undefined {
    return this.state.conversations[chatId]?.pending.find(
      (p) => p.clientMessageId === clientMessageId,
    );
  }

  private updatePending(pending: PendingMessage, patch: Partial<PendingMessage>): void {
    this.setConversation(pending.chatId, (c) => ({
      ...c,
      pending: c.pending.map((p) =>
        p.clientMessageId === pending.clientMessageId ? { ...p, ...patch } : p,
      ),
    }));
  }

  private updateImage(
    pending: PendingMessage,
    patch: Partial<NonNullable<PendingMessage['image']>>,
  ) {
    const current = this.findPending(pending.chatId, pending.clientMessageId);
    if (current?.image) this.updatePending(current, { image: { ...current.image, ...patch } });
  }

  // ---- typing ----

  /** Called on every edit of the composer. */
  composing(chatId: string, text: string): void {
    if (text.trim() === '') return this.stopTyping(chatId);
    const last = this.lastTypingSent.get(chatId) ?? 0;
    if (Date.now() - last < TYPING_RESEND_MS) return;
    this.lastTypingSent.set(chatId, Date.now());
    this.link.request('typing:start', { chatId }).catch(() => undefined);
  }

  stopTyping(chatId: string): void {
    if (!this.lastTypingSent.has(chatId)) return;
    this.lastTypingSent.delete(chatId);
    this.link.request('typing:stop', { chatId }).catch(() => undefined);
  }

  // ---- receipts ----

  /** Marks the open chat read up to its last message, if the page is being looked at. */
  markSeen(): void {
    const chatId = this.state.activeChatId;
    const chat = chatId ? this.state.chats[chatId] : undefined;
    if (!chat || !this.deps.isVisible() || !this.state.conversations[chat.id]?.loaded) return;
    const mine = myMember(this.state, chat);
    if (!mine || mine.lastReadSeq >= chat.lastSeq) return;
    this.moveMark(chat.id, this.state.me.id, 'lastReadSeq', chat.lastSeq);
    this.link
      .request('message:read', { chatId: chat.id, seq: chat.lastSeq })
      .catch(() => undefined);
  }

  private moveMark(
    chatId: string,
    userId: string,
    mark: 'lastReadSeq' | 'lastDeliveredSeq',
    seq: number,
  ): void {
    const chat = this.state.chats[chatId];
    if (!chat) return;
    this.setChat({
      ...chat,
      members: chat.members.map((m) =>
        m.userId === userId && m[mark] < seq ? { ...m, [mark]: seq } : m,
      ),
    });
  }

  // ---- live events ----

  private listen(): void {
    this.link.onConnectionChange((connected) => {
      if (!connected) {
        this.missing.stop();
        return this.set({ connection: 'reconnecting' });
      }
      const first = !this.everConnected;
      this.everConnected = true;
      this.set({ connection: 'online' });
      if (first) void this.refreshPresence();
      // A failed catch-up (chat:sync unanswered, the list not loading) is left for the next
      // reconnect, which catches up from the same seqs; a gap seen live is asked for meanwhile.
      else this.catchUp().catch(() => undefined);
      this.flushPending();
    });
    this.link.on('message:new', ({ message }) => this.receive([message]));
    this.link.on('message:read', ({ chatId, userId, seq }) =>
      this.moveMark(chatId, userId, 'lastReadSeq', seq),
    );
    this.link.on('message:delivered', ({ chatId, userId, seq }) =>
      this.moveMark(chatId, userId, 'lastDeliveredSeq', seq),
    );
    this.link.on('typing', ({ chatId, userId, isTyping }) =>
      this.showTyping(chatId, userId, isTyping),
    );
    this.link.on('chat:updated', ({ chat }) => this.chatUpdated(chat));
    this.link.on('presence', (presence) =>
      this.set({ presence: { ...this.state.presence, [presence.userId]: presence } }),
    );
  }

  /**
   * Messages from anywhere: stored once each, the chat's preview moved on, receipts sent. `merge`
   * adds them to a loaded conversation; a catch-up page's merge also vouches for the seqs it spans.
   */
  private receive(
    messages: readonly ChatMessage[],
    merge: (c: Conversation, list: readonly ChatMessage[]) => Conversation = confirm,
  ): void {
    const byChat = new Map<string, ChatMessage[]>();
    for (const m of messages) byChat.set(m.chatId, [...(byChat.get(m.chatId) ?? []), m]);
    for (const [chatId, list] of byChat) {
      const chat = this.state.chats[chatId];
      if (!chat) {
        void this.fetchChat(chatId);
        continue;
      }
      if (this.state.conversations[chatId]?.loaded) {
        this.setConversation(chatId, (c) => merge(c, list));
        this.missing.check(chatId);
      } else this.dropConfirmedPending(chatId, list);
      const newest = list.reduce((a, b) => (b.seq > a.seq ? b : a));
      if (newest.seq > chat.lastSeq) {
        this.setChat({
          ...chat,
          lastSeq: newest.seq,
          updatedAt: newest.createdAt,
          lastMessage: {
            id: newest.id,
            seq: newest.seq,
            senderId: newest.senderId,
            kind: newest.kind,
            text: newest.text && newest.text.slice(0, 200),
            createdAt: newest.createdAt,
          },
        });
      }
      // Sending moves the sender's own marks (server side too); someone who sent stopped typing.
      const mine = list.filter((m) => m.senderId === this.state.me.id);
      if (mine.length > 0) {
        this.moveMark(chatId, this.state.me.id, 'lastReadSeq', Math.max(...mine.map((m) => m.seq)));
      }
      for (const sender of new Set(list.map((m) => m.senderId))) {
        if (sender) this.clearTyping(chatId, sender);
      }
      const fromOthers = list.filter((m) => m.senderId !== this.state.me.id);
      if (fromOthers.length > 0) {
        const seq = Math.max(...fromOthers.map((m) => m.seq));
        this.link.request('message:delivered', { chatId, seq }).catch(() => undefined);
      }
    }
    this.markSeen();
  }

  private dropConfirmedPending(chatId: string, list: readonly ChatMessage[]): void {
    const ids = new Set(list.map((m) => m.clientMessageId));
    if (this.state.conversations[chatId]?.pending.some((p) => ids.has(p.clientMessageId))) {
      this.setConversation(chatId, (c) => ({
        ...c,
        pending: c.pending.filter((p) => !ids.has(p.clientMessageId)),
      }));
    }
  }

  private chatUpdated(chat: ChatInfo): void {
    if (!chat.members.some((m) => m.userId === this.state.me.id)) {
      const chats = { ...this.state.chats };
      delete chats[chat.id];
      this.set({
        chats,
        activeChatId: this.state.activeChatId === chat.id ? null : this.state.activeChatId,
      });
      return;
    }
    this.upsertChat(chat);
    if (chat.lastMessage) this.markSeen();
  }

  private async fetchChat(chatId: string): Promise<void> {
    try {
      this.upsertChat(await this.deps.http<ChatView>(`/chats/${chatId}`));
    } catch {
      // not visible to us (any more): nothing to show
    }
  }

  private showTyping(chatId: string, userId: string, isTyping: boolean): void {
    const key = `${chatId}:${userId}`;
    clearTimeout(this.typingTimers.get(key));
    if (!isTyping) return this.clearTyping(chatId, userId);
    const current = this.state.typing[chatId] ?? [];
    if (!current.includes(userId)) {
      this.set({ typing: { ...this.state.typing, [chatId]: [...current, userId] } });
    }
    // The server stops typing after 5 s; this is the safety net if that event is lost.
    this.typingTimers.set(
      key,
      setTimeout(() => this.clearTyping(chatId, userId), TYPING_SHOWN_MS),
    );
  }

  private clearTyping(chatId: string, userId: string): void {
    const current = this.state.typing[chatId];
    if (!current?.includes(userId)) return;
    this.set({ typing: { ...this.state.typing, [chatId]: current.filter((u) => u !== userId) } });
  }

  /** Who of the direct partners (of these chats, or all) is online; then events keep it current. */
  private async refreshPresence(chats = Object.values(this.state.chats)): Promise<void> {
    const partners = chats
      .map((chat) => partnerOf(this.state, chat)?.userId)
      .filter((id): id is string => Boolean(id))
      .slice(0, 100);
    if (partners.length === 0 || !this.link.connected) return;
    try {
      const states = await this.link.request('presence:get', { userIds: partners });
      const presence = { ...this.state.presence };
      for (const s of states) presence[s.userId] = s;
      this.set({ presence });
    } catch {
      // shown as unknown until the next presence event
    }
  }

  // ---- reconnect ----

  /**
   * After a reconnect: every loaded chat from its synced seq (not its newest: n+1 may have come
   * live before n), then the list and presence again.
   */
  async catchUp(): Promise<void> {
    const loaded = Object.keys(this.state.chats).filter(
      (chatId) => this.state.conversations[chatId]?.loaded,
    );
    await this.syncChats(loaded);
    await this.loadChats();
    this.markSeen();
    // The server may have stopped short of a seq still being written.
    for (const chatId of loaded) this.missing.check(chatId);
  }

  /** Everything after each chat's synced seq, page by page. */
  private async syncChats(chatIds: readonly string[]): Promise<void> {
    const cursorOf = (chatId: string) => ({
      chatId,
      afterSeq: this.state.conversations[chatId]?.syncedSeq ?? 0,
    });
    let cursors = chatIds.map(cursorOf);
    while (cursors.length > 0) {
      const batch = cursors.slice(0, SYNC_BATCH);
      const asked = new Map(batch.map((c) => [c.chatId, c.afterSeq]));
      const result = await this.link.request('chat:sync', { cursors: batch });
      for (const { chatId, messages } of result.chats) {
        const afterSeq = asked.get(chatId);
        if (afterSeq === undefined || messages.length === 0) continue;
        this.receive(messages, (c, list) => confirmCatchUp(c, afterSeq, list));
      }
      // Asked again only where the page moved the cursor: one that did not would loop forever.
      const more = result.chats
        .filter((c) => c.hasMore)
        .map((c) => cursorOf(c.chatId))
        .filter((next) => next.afterSeq > (asked.get(next.chatId) ?? 0));
      cursors = [...cursors.slice(SYNC_BATCH), ...more];
    }
  }

  private flushPending(): void {
    for (const conversation of Object.values(this.state.conversations)) {
      for (const pending of conversation.pending) {
        if (pending.status === 'sending') void this.deliver(pending);
      }
    }
  }

  private objectUrl(file: Blob): string {
    return this.deps.objectUrl?.create(file) ?? '';
  }
}
