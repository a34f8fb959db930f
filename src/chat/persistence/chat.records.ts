import {
  isFileView,
  REPLY_QUOTE_LENGTH,
  type ReplyQuote,
  type SystemEventView,
} from '@app/contracts';
import type { ChatFormerMemberRow, ChatMemberRow, ChatRow } from './sql/chats.table';
import type { MessageRow } from './sql/messages.table';

// The vocabulary is the public one; records differ from the views in carrying Dates.
export type { ChatKind, MemberRole, MessageKind } from '@app/contracts';

/** A membership change or rename, stored on `system` messages so clients can render it. */
export type SystemEvent = SystemEventView;

/** How much of the newest message's text the chat list keeps. */
export const SUMMARY_TEXT_LENGTH = 200;

/** The summary's text: cut by code points, so an emoji or other astral character is never split. */
export function summaryText(text: string, length = SUMMARY_TEXT_LENGTH): string {
  if (text.length <= length) return text;
  return Array.from(text).slice(0, length).join('');
}

/** "Until unmuted", stored as a date far away so that one comparison tells whether a mute holds. */
export const MUTED_FOREVER = new Date('9999-12-31T00:00:00.000Z');

// Records are the rows of the SQL tables (`sql/*.table.ts`, where each column is described); the
// MongoDB adapter maps its documents to the same types.

/** Where a chat's message sequence and change log end now. */
export type ChatHead = Pick<ChatRow, 'lastSeq' | 'lastChangeSeq'>;

/** A message as stored: every column but the search vector, which only serves the index. */
export type StoredMessage = Omit<MessageRow, 'search'>;

/** A message as read: stored, plus the quote of the one it answers. */
export type MessageRecord = StoredMessage & {
  /** Read with the message: the original as it is now; null when it was deleted. */
  replyTo: ReplyQuote | null;
};

/** The quote a reply shows of its original, or null once the original is deleted. */
export function replyQuoteOf(
  original: Pick<MessageRecord, 'seq' | 'senderId' | 'kind' | 'text' | 'deletedAt'>,
): ReplyQuote | null {
  if (original.deletedAt) return null;
  const { seq, senderId, kind, text } = original;
  return {
    seq,
    senderId,
    kind,
    text: text === null ? null : summaryText(text, REPLY_QUOTE_LENGTH),
  };
}

/** A message to store: the repository assigns its id, seq, change seq and dates. */
export type NewMessage = Pick<
  MessageRecord,
  | 'chatId'
  | 'senderId'
  | 'clientMessageId'
  | 'kind'
  | 'text'
  | 'mediaId'
  | 'media'
  | 'system'
  | 'replyToSeq'
  | 'mentions'
>;

/** What an edit, a deletion or a reaction change writes to a message. */
export type MessageChange = Partial<
  Pick<
    MessageRecord,
    | 'text'
    | 'editedAt'
    | 'deletedAt'
    | 'mediaId'
    | 'media'
    | 'replyToSeq'
    | 'reactions'
    | 'mentions'
    | 'previews'
  >
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
  replyToSeq: null,
  mentions: [],
});

/** What the chat list shows of the newest message; `text` is cut by `summaryText`. */
export type LastMessageSummary = Pick<
  MessageRecord,
  'id' | 'seq' | 'senderId' | 'kind' | 'text' | 'createdAt' | 'deletedAt' | 'system'
> & {
  /** A file's name, for "📎 name"; absent on summaries stored before files could be sent. */
  attachmentName?: string | null;
};

/** The name the chat list shows for a message's attachment: a file's, never an image's. */
export function attachmentNameOf(message: Pick<MessageRecord, 'media'>): string | null {
  const upload = message.media;
  return upload && isFileView(upload) ? upload.name : null;
}

/** A chat without its pair key (direct chats' uniqueness is the repository's concern). */
export type ChatRecord = Omit<ChatRow, 'directKey' | 'lastMessage'> & {
  lastMessage: LastMessageSummary | null;
};

export type MemberRecord = ChatMemberRow;

/** Someone who left a group or was removed from it, with the marks they had then. */
export type FormerMemberRecord = ChatFormerMemberRow;

/** How many of a chat's former members its view names, the most recent leavers first. */
export const FORMER_MEMBERS_LISTED = 100;

/** A chat together with the caller's own membership (for unread counts). */
export interface ChatWithMembership {
  chat: ChatRecord;
  member: MemberRecord;
}
