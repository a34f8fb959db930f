import type { ChatMessage } from '@app/contracts';
import { chatText } from '../i18n/chat';
import { summaryOf } from '../lib/message-summary';
import { chatTitle, currentCopy, isBlocked, isMuted, memberName } from './chat-selectors';
import type { ChatStateHolder } from './chat-state';
import type { StoreDeps } from './store-deps';

/** Longest text a notification shows. */
const BODY_CHARS = 140;

/** "bob", "bob in Trip", "bob mentioned you", "bob mentioned you in Trip". */
function titleOf(sender: string, group: string | null, mentionsMe: boolean): string {
  if (mentionsMe) {
    return group
      ? chatText('notifications.mentionedInGroup', { sender, chat: group })
      : chatText('notifications.mentioned', { sender });
  }
  return group ? chatText('notifications.inGroup', { sender, chat: group }) : sender;
}

/** The text, or what it carries with its caption: "Photo: …", "📎 report.pdf", "🎤 Voice message". */
const bodyOf = (message: ChatMessage): string =>
  summaryOf(message.kind, message.text, message.file?.name);

/**
 * Which new messages become a browser notification: from someone else whom I did not block, in a
 * chat that is not muted and not open in a focused tab. One that mentions me says so. Titles are
 * in the language shown when the message comes.
 */
export class Notifier {
  constructor(
    private readonly holder: ChatStateHolder,
    private readonly deps: StoreDeps,
  ) {}

  /**
   * A message that came live (not one fetched by a catch-up: those are old news). Its edit or
   * deletion can have come first (fan-out across instances): the fresher copy held is what shows,
   * and a message already deleted is not notified at all.
   */
  consider(incoming: ChatMessage): void {
    const { state } = this.holder;
    const message = currentCopy(state, incoming);
    const chat = state.chats[message.chatId];
    if (!this.deps.notify || !chat) return;
    if (message.senderId === state.me.id || message.kind === 'system' || message.deletedAt) return;
    // What they write in a group we share stays in its history, collapsed, and asks for nothing.
    if (isBlocked(state, message.senderId ?? undefined)) return;
    if (isMuted(state, chat.id)) return;
    if (state.activeChatId === chat.id && this.deps.isVisible()) return;
    const sender = memberName(chat, message.senderId);
    const mentionsMe = (message.mentions ?? []).includes(state.me.id);
    const title = titleOf(
      sender,
      chat.kind === 'group' ? chatTitle(state, chat) : null,
      mentionsMe,
    );
    const body = bodyOf(message);
    this.deps.notify({
      chatId: chat.id,
      seq: message.seq,
      title,
      body: body.length > BODY_CHARS ? `${body.slice(0, BODY_CHARS)}…` : body,
      // The same message in two tabs is one notification.
      tag: message.id,
      mention: mentionsMe,
    });
  }
}
