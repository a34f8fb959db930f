import type { ChatMessage, ReplyQuote } from '@app/contracts';
import { newClientMessageId } from '../lib/client-id';
import { pendingQuote, type OutgoingAttachment, type PendingMessage } from '../lib/conversation';
import { refusedForGood } from '../lib/send-failure';
import type { ChatStateHolder } from './chat-state';
import { pendingForm, savedForm, type OutboxDeps, type OutboxStorage } from './outbox-storage';
import { RealtimeError, type RealtimeLink } from './realtime-link';

/** A server that is busy replies `unavailable`; a send is tried this many more times before it shows as failed. */
const BUSY_RETRIES = 4;
const BUSY_RETRY_BASE_MS = 500;

/** What a message may carry besides its text and attachment. */
export interface SendExtras {
  /** The message it answers. */
  replyTo?: ReplyQuote;
  /** Ids of the members it mentions. */
  mentions?: string[];
}

const isBusy = (error: unknown) => error instanceof RealtimeError && error.code === 'unavailable';

/**
 * Messages typed here until the server confirms them: uploads the attachment (a picture, a file or
 * a voice message), sends, tries again when the server is busy or the connection comes back. Every
 * attempt keeps the message's clientMessageId, so the server stores it once however often it goes
 * out.
 *
 * With `deps.outboxStorage` (IndexedDB in the browser) every message is also kept there until
 * the server has it, so one written offline survives a reload or a closed tab: it shows again as
 * waiting and goes out, with the same clientMessageId, once connected.
 */
export class Outbox {
  /** Uploads under way, by message, so that discarding a message stops its upload. */
  private readonly uploads = new Map<string, AbortController>();
  /** Sends awaiting the server's answer: a reconnect does not send them a second time meanwhile. */
  private readonly inFlight = new Set<string>();
  private readonly storage: OutboxStorage | undefined;
  /** The order messages were written in (kept with them): the order they show and go out in. */
  private readonly order = new Map<string, number>();
  private lastOrder = 0;
  /** The kept messages are shown (and sent, if connected); at once without storage. */
  readonly restored: Promise<void>;

  constructor(
    private readonly holder: ChatStateHolder,
    private readonly link: RealtimeLink,
    private readonly deps: OutboxDeps,
    /** The server stored the message; it replaces the pending one. */
    private readonly onSent: (message: ChatMessage) => void,
  ) {
    this.storage = deps.outboxStorage;
    this.restored = this.storage ? this.restore(this.storage) : Promise.resolve();
  }

  /** Shows a new message as sending; `deliver` then sends it. */
  add(
    chatId: string,
    text: string,
    attachment?: OutgoingAttachment,
    extras: SendExtras = {},
  ): PendingMessage {
    // The composer's quote was taken when "reply" was picked: the original may have changed since.
    const conversation = this.holder.state.conversations[chatId];
    const replyTo = extras.replyTo && pendingQuote(conversation, extras.replyTo);
    const pending: PendingMessage = {
      clientMessageId: newClientMessageId(),
      chatId,
      text: text.trim(),
      ...(attachment?.kind === 'image' && {
        image: { file: attachment.file, previewUrl: this.objectUrl(attachment.file), progress: 0 },
      }),
      ...(attachment &&
        attachment.kind !== 'image' && {
          file: {
            file: attachment.file,
            name: attachment.name,
            ...(attachment.kind === 'voice' && { durationMs: attachment.durationMs }),
            progress: 0,
          },
        }),
      ...(replyTo && { replyTo }),
      ...(extras.mentions?.length && { mentions: extras.mentions }),
      status: 'sending',
      createdAt: new Date().toISOString(),
    };
    this.order.set(pending.clientMessageId, this.nextOrder());
    this.holder.setConversation(chatId, (c) => ({ ...c, pending: [...c.pending, pending] }));
    this.keep(pending);
    return pending;
  }

  /** Sends a failed message again, with the same clientMessageId. */
  retry(chatId: string, clientMessageId: string): void {
    const pending = this.find(chatId, clientMessageId);
    if (!pending) return;
    this.update(pending, { status: 'sending', error: undefined, refused: undefined });
    void this.deliver({ ...pending, status: 'sending' });
  }

  /** Forgets a message that was not sent; an upload still under way is stopped. */
  discard(chatId: string, clientMessageId: string): void {
    this.uploads.get(clientMessageId)?.abort();
    this.uploads.delete(clientMessageId);
    const pending = this.find(chatId, clientMessageId);
    if (pending?.image) this.deps.objectUrl?.revoke(pending.image.previewUrl);
    this.forget(clientMessageId);
    this.holder.setConversation(chatId, (c) => ({
      ...c,
      pending: c.pending.filter((p) => p.clientMessageId !== clientMessageId),
    }));
  }

  /** Connected again: everything still sending (typed offline, or cut off) goes out now. */
  sendWaiting(): void {
    for (const conversation of Object.values(this.holder.state.conversations)) {
      for (const pending of conversation.pending) {
        if (pending.status === 'sending') void this.deliver(pending);
      }
    }
  }

  async deliver(pending: PendingMessage, attempt = 0): Promise<void> {
    if (this.inFlight.has(pending.clientMessageId)) return;
    this.inFlight.add(pending.clientMessageId);
    try {
      const attached = pending.image ?? pending.file;
      let mediaId = attached?.mediaId;
      if (attached && !mediaId) {
        const uploading = new AbortController();
        this.uploads.set(pending.clientMessageId, uploading);
        const onProgress = (progress: number) => this.updateUpload(pending, { progress });
        const { file } = pending;
        const upload = file
          ? this.deps.uploadFile(
              file.file,
              file.name,
              onProgress,
              uploading.signal,
              file.durationMs,
            )
          : this.deps.upload(attached.file, onProgress, uploading.signal);
        const uploaded = await upload.finally(() => this.uploads.delete(pending.clientMessageId));
        if (uploading.signal.aborted) return;
        mediaId = uploaded.id;
        this.updateUpload(pending, { mediaId, progress: 1 });
      }
      // Offline: it stays "sending" and goes out when the connection is back.
      if (!this.link.connected) return;
      const message = await this.link.request('message:send', {
        chatId: pending.chatId,
        clientMessageId: pending.clientMessageId,
        ...(pending.text && { text: pending.text }),
        ...(mediaId && { mediaId }),
        ...(pending.replyTo && { replyToSeq: pending.replyTo.seq }),
        ...(pending.mentions?.length && { mentions: pending.mentions }),
      });
      this.forget(pending.clientMessageId);
      this.onSent(message);
    } catch (error) {
      // Discarded meanwhile (an upload cancelled): nothing is left to report on.
      if (!this.find(pending.chatId, pending.clientMessageId)) return;
      if (!this.link.connected) return; // goes out again on reconnect
      if (isBusy(error) && attempt < BUSY_RETRIES) {
        // Nothing was stored; the same clientMessageId goes again after a growing, jittered pause.
        const delay = BUSY_RETRY_BASE_MS * 2 ** attempt * (1 + Math.random());
        setTimeout(() => void this.redeliver(pending, attempt + 1), delay);
        return;
      }
      this.update(pending, {
        status: 'failed',
        error: this.deps.describeError(error),
        refused: refusedForGood(error),
      });
    } finally {
      this.inFlight.delete(pending.clientMessageId);
    }
  }

  /** The pause after a busy reply is over: sends again unless it was discarded or sent meanwhile. */
  private redeliver(pending: PendingMessage, attempt: number): Promise<void> {
    const current = this.find(pending.chatId, pending.clientMessageId);
    if (current?.status !== 'sending') return Promise.resolve();
    return this.deliver(current, attempt);
  }

  private find(chatId: string, clientMessageId: string): PendingMessage | undefined {
    return this.holder.state.conversations[chatId]?.pending.find(
      (p) => p.clientMessageId === clientMessageId,
    );
  }

  private update(pending: PendingMessage, patch: Partial<PendingMessage>): void {
    this.holder.setConversation(pending.chatId, (c) => ({
      ...c,
      pending: c.pending.map((p) =>
        p.clientMessageId === pending.clientMessageId ? { ...p, ...patch } : p,
      ),
    }));
    // Upload progress changes many times a second and is not worth keeping (a file's bytes
    // written again at every step); the rest is.
    const changed = this.find(pending.chatId, pending.clientMessageId);
    const upload = patch.image ?? patch.file;
    const onlyProgress = Object.keys(patch).length === 1 && upload !== undefined && !upload.mediaId;
    if (changed && !onlyProgress) this.keep(changed);
  }

  /** The upload's progress, or its mediaId once done, on the picture or the file. */
  private updateUpload(pending: PendingMessage, patch: { progress: number; mediaId?: string }) {
    const current = this.find(pending.chatId, pending.clientMessageId);
    if (current?.image) this.update(current, { image: { ...current.image, ...patch } });
    else if (current?.file) this.update(current, { file: { ...current.file, ...patch } });
  }

  /** Whether the message is kept in this browser, shown on it (and not kept again for that). */
  private markUnsaved(pending: PendingMessage, unsaved: boolean): void {
    const current = this.find(pending.chatId, pending.clientMessageId);
    if (!current || Boolean(current.unsaved) === unsaved) return;
    this.holder.setConversation(pending.chatId, (c) => ({
      ...c,
      pending: c.pending.map((p) =>
        p.clientMessageId === pending.clientMessageId ? { ...p, unsaved } : p,
      ),
    }));
  }

  private objectUrl(file: Blob): string {
    return this.deps.objectUrl?.create(file) ?? '';
  }

  /** Shows the kept messages again (before those typed since), and sends them if connected. */
  private async restore(storage: OutboxStorage): Promise<void> {
    const saved = await storage.load().catch(() => []);
    const shown: PendingMessage[] = [];
    const orderOf = (p: PendingMessage) => this.order.get(p.clientMessageId) ?? 0;
    for (const message of saved.sort((a, b) => a.order - b.order)) {
      if (this.find(message.chatId, message.clientMessageId)) continue;
      this.order.set(message.clientMessageId, message.order);
      this.lastOrder = Math.max(this.lastOrder, message.order);
      const pending = pendingForm(message, (file) => this.objectUrl(file));
      this.holder.setConversation(message.chatId, (c) => ({
        ...c,
        pending: [pending, ...c.pending].sort((a, b) => orderOf(a) - orderOf(b)),
      }));
      shown.push(pending);
    }
    // Not connected yet: the connection's first `sendWaiting` sends them.
    if (!this.link.connected) return;
    for (const pending of shown) if (pending.status === 'sending') void this.deliver(pending);
  }

  /**
   * Failing to keep a message only costs its surviving a reload: the send goes on regardless, and
   * the message says it is not kept (a file can fill what the browser allows), so that closing
   * the tab does not lose it unnoticed.
   */
  private keep(pending: PendingMessage): void {
    const { storage } = this;
    if (!storage) return;
    const order = this.order.get(pending.clientMessageId) ?? this.nextOrder();
    storage.save(savedForm(pending, order)).then(
      () => this.markUnsaved(pending, false),
      () => this.markUnsaved(pending, true),
    );
  }

  private forget(clientMessageId: string): void {
    this.order.delete(clientMessageId);
    this.storage?.remove(clientMessageId).catch(() => undefined);
  }

  /** Rising, also across reloads: microseconds of the clock, one more when they collide. */
  private nextOrder(): number {
    this.lastOrder = Math.max(Date.now() * 1000, this.lastOrder + 1);
    return this.lastOrder;
  }
}
