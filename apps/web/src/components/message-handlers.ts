import type { ChatInfo, ChatMessage, MemberRole } from '@app/contracts';

/** What a message bubble can ask the conversation to do. */
export interface MessageHandlers {
  reply(message: ChatMessage): void;
  /** Puts my emoji on the message, or takes it off. */
  react(seq: number, emoji: string): void;
  startEdit(seq: number): void;
  saveEdit(seq: number, text: string): Promise<void>;
  cancelEdit(): void;
  /** For everyone (already confirmed). */
  remove(seq: number): Promise<void>;
  copy(text: string): void;
  /** Scrolls to the message a reply quotes. */
  showOriginal(seq: number): void;
  view(image: { url: string; alt: string }): void;
  /** Takes a link preview off my message, for everyone (a failure is shown, not thrown). */
  removePreview(seq: number, index: number): Promise<void>;
}

/** Only the sender edits, only text or a caption, never a deleted message. */
export const canEdit = (message: ChatMessage, myId: string): boolean =>
  message.senderId === myId && message.kind !== 'system' && !message.deletedAt;

/** Only the sender takes a link preview off, and not off a deleted message. */
export const canRemovePreviews = (message: ChatMessage, myId: string): boolean =>
  message.senderId === myId && message.kind !== 'system' && !message.deletedAt;

/** The sender, or a group's owner and admins, delete for everyone. */
export const canDelete = (
  message: ChatMessage,
  myId: string,
  chat: ChatInfo,
  myRole: MemberRole | undefined,
): boolean =>
  message.kind !== 'system' &&
  !message.deletedAt &&
  (message.senderId === myId ||
    (chat.kind === 'group' && (myRole === 'owner' || myRole === 'admin')));
