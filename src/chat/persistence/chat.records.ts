import type { ChatKind, MediaView, MemberRole, MessageKind, SystemEventView } from '@app/contracts';

// The vocabulary is the public one; records differ from the views in carrying Dates.
export type { ChatKind, MemberRole, MessageKind } from '@app/contracts';

/** A membership change or rename, stored on `system` messages so clients can render it. */
export type SystemEvent = SystemEventView;

/** How much of the newest message's text the chat list keeps. */
export const SUMMARY_TEXT_LENGTH = 200;

/** The summary's text: cut by code points, so an emoji or other astral character is never split. */
export function summaryText(text: string): string {
  if (text.length <= SUMMARY_TEXT_LENGTH) return text;
  return Array.from(text).slice(0, SUMMARY_TEXT_LENGTH).join('');
}

/** What the chat list shows of the newest message; `text` is cut by `summaryText`. */
export interface LastMessageSummary {
  id: string;
  seq: number;
  senderId: string | null;
  kind: MessageKind;
  text: string | null;
  createdAt: Date;
}

export interface ChatRecord {
  id: string;
  kind: ChatKind;
  /** Groups only; null for direct chats. */
  name: string | null;
  createdBy: string;
  createdAt: Date;
  /** Last activity: creation, a message, a rename or a membership change. Orders the chat list. */
  updatedAt: Date;
  /** Seq of the newest message; 0 for a chat without messages. */
  lastSeq: number;
  lastMessage: LastMessageSummary | null;
}

export interface MemberRecord {
  chatId: string;
  userId: string;
  role: MemberRole;
  joinedAt: Date;
  lastReadSeq: number;
  lastDeliveredSeq: number;
}

/** A chat together with the caller's own membership (for unread counts). */
export interface ChatWithMembership {
  chat: ChatRecord;
  member: MemberRecord;
}

export interface MessageRecord {
  id: string;
  chatId: string;
  /** 1, 2, 3, … per chat, no gaps. */
  seq: number;
  /** null only for messages the system writes on nobody's behalf (none yet: system messages carry their actor). */
  senderId: string | null;
  clientMessageId: string | null;
  kind: MessageKind;
  text: string | null;
  mediaId: string | null;
  /** The image of an `image` message, as it was when sent. */
  media: MediaView | null;
  system: SystemEvent | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

export interface NewMessage {
  chatId: string;
  senderId: string | null;
  /** Unique per sender; null for system messages. */
  clientMessageId: string | null;
  kind: MessageKind;
  text: string | null;
  mediaId: string | null;
  /** The image of an `image` message, as it was when sent. */
  media: MediaView | null;
  system: SystemEvent | null;
}
