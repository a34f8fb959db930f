import type { SystemEventView } from '@app/contracts';
import type { ChatMemberRow, ChatRow } from './chats.table';
import type { MessageRow } from './messages.table';

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

// Records are the rows of the SQL tables (`*.table.ts`, where each column is described); the
// MongoDB adapter maps its documents to the same types.

/** A stored message: every column but the search vector, which only serves the index. */
export type MessageRecord = Omit<MessageRow, 'search'>;

/** A message to store: the repository assigns its id, seq and dates. */
export type NewMessage = Pick<
  MessageRecord,
  'chatId' | 'senderId' | 'clientMessageId' | 'kind' | 'text' | 'mediaId' | 'media' | 'system'
>;

/** The `system` message recording `event` (its author is the member who made the change). */
export const systemMessage = (chatId: string, event: SystemEvent): NewMessage => ({
  chatId,
  senderId: event.actorId,
  clientMessageId: null,
  kind: 'system',
  text: null,
  mediaId: null,
  media: null,
  system: event,
});

/** What the chat list shows of the newest message; `text` is cut by `summaryText`. */
export type LastMessageSummary = Pick<
  MessageRecord,
  'id' | 'seq' | 'senderId' | 'kind' | 'text' | 'createdAt'
>;

/** A chat without its pair key (direct chats' uniqueness is the repository's concern). */
export type ChatRecord = Omit<ChatRow, 'directKey' | 'lastMessage'> & {
  lastMessage: LastMessageSummary | null;
};

export type MemberRecord = ChatMemberRow;

/** A chat together with the caller's own membership (for unread counts). */
export interface ChatWithMembership {
  chat: ChatRecord;
  member: MemberRecord;
}
