import type { ChatInfo, ChatMessage } from '@app/contracts';
import { previewOf } from '../lib/chat-preview';
import { applyChanges, heldCopy } from '../lib/conversation';
import { groupByChat } from '../lib/message-merge';
import type { ChatStateHolder } from './chat-state';
import type { RealtimeLink } from './realtime-link';
import type { StoreDeps } from './store-deps';
import type { UnreadMentions } from './unread-mentions';

/**
 * Messages that change after they are sent: edits, deletions for everyone, reactions and link
 * previews (the server adds them, the sender may remove them), mine (sent here, applied from the
 * acknowledgement) and everyone's (`message:updated`, and the `changed` lists of a catch-up).
 * Every copy goes through `apply`, which keeps, of two copies of a message, the one with the
 * higher changeSeq: a late or repeated event changes nothing.
 */
export class MessageChanges {
  constructor(
    private readonly holder: ChatStateHolder,
    private readonly link: RealtimeLink,
    private readonly deps: StoreDeps,
    private readonly mentions: UnreadMentions,
    /** Something may have opened or closed a gap in this chat's seqs. */
    private readonly seqsChanged: (chatId: string) => void,
  ) {}

  /** Copies of messages as they are now, from any source, in any order. */
  apply(messages: readonly ChatMessage[]): void {
    for (const [chatId, list] of groupByChat(messages)) {
      if (!this.holder.state.chats[chatId]) continue;
      this.holder.setConversation(chatId, (c) => applyChanges(c, list));
      this.updateChat(chatId, list);
      this.mentions.noteChanged(chatId, list);
      if (this.holder.state.conversations[chatId]?.loaded) this.seqsChanged(chatId);
    }
  }

  /**
   * The connection dropped. Only loaded chats are caught up on reconnect, so the copies kept aside
   * for the others would miss any change made meanwhile, and quotes derived from them would be
   * wrong: they go. Nothing is lost, since such a chat's first page is read after.
   */
  forgetUncaughtCopies(): void {
    for (const [chatId, c] of Object.entries(this.holder.state.conversations)) {
      if (!c.loaded && Object.keys(c.unheld).length > 0) {
        this.holder.setConversation(chatId, (current) => ({ ...current, unheld: {} }));
      }
    }
  }

  /** A complete catch-up answer: changes up to here are held. It never moves back. */
  moveCursor(chatId: string, nextAfterChangeSeq: number): void {
    const current = this.holder.state.conversations[chatId]?.changeCursor;
    if (current !== undefined && current >= nextAfterChangeSeq) return;
    this.holder.setConversation(chatId, (c) => ({ ...c, changeCursor: nextAfterChangeSeq }));
  }

  edit(chatId: string, seq: number, text: string): Promise<ChatMessage> {
    return this.run(
      () => this.link.request('message:edit', { chatId, seq, text }),
      () => this.deps.http(`/chats/${chatId}/messages/${seq}`, { method: 'PATCH', json: { text } }),
    );
  }

  /** For everyone: it becomes a "message deleted" placeholder. */
  remove(chatId: string, seq: number): Promise<ChatMessage> {
    return this.run(
      () => this.link.request('message:delete', { chatId, seq }),
      () => this.deps.http(`/chats/${chatId}/messages/${seq}`, { method: 'DELETE' }),
    );
  }

  /** Puts my emoji on the message, or takes it off. */
  react(chatId: string, seq: number, emoji: string, add: boolean): Promise<ChatMessage> {
    const path = `/chats/${chatId}/messages/${seq}/reactions/${encodeURIComponent(emoji)}`;
    return this.run(
      () => this.link.request(add ? 'reaction:add' : 'reaction:remove', { chatId, seq, emoji }),
      () => this.deps.http(path, { method: add ? 'PUT' : 'DELETE' }),
    );
  }

  /** Takes a link preview off my message (`index` as in its `previews`), for everyone. */
  removePreview(chatId: string, seq: number, index: number): Promise<ChatMessage> {
    return this.run(
      () => this.link.request('preview:remove', { chatId, seq, index }),
      () =>
        this.deps.http(`/chats/${chatId}/messages/${seq}/previews/${index}`, { method: 'DELETE' }),
    );
  }

  /** Over the socket while it is up, else over HTTP; the answer is applied like any copy. */
  private async run(
    viaSocket: () => Promise<ChatMessage>,
    viaHttp: () => Promise<ChatMessage>,
  ): Promise<ChatMessage> {
    const message = await (this.link.connected ? viaSocket() : viaHttp());
    this.apply([message]);
    return message;
  }

  /** The list's preview follows a change to the last message, if the change is the copy kept. */
  private updateChat(chatId: string, list: readonly ChatMessage[]): void {
    const chat = this.holder.state.chats[chatId];
    if (!chat) return;
    const lastChangeSeq = Math.max(chat.lastChangeSeq ?? 0, ...list.map((m) => m.changeSeq));
    let lastMessage = chat.lastMessage;
    const kept = lastMessage && heldCopy(this.holder.state.conversations[chatId], lastMessage.seq);
    if (
      lastMessage &&
      kept &&
      list.some((m) => m.seq === kept.seq && m.changeSeq === kept.changeSeq)
    ) {
      lastMessage = previewOf(kept);
    }
    if (lastMessage === chat.lastMessage && lastChangeSeq === chat.lastChangeSeq) return;
    const updated: ChatInfo = { ...chat, lastChangeSeq, lastMessage };
    this.holder.setChat(updated);
  }
}
