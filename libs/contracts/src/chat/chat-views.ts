import type { ChatNotifyLevel } from '../push/push-views';
import type { FileView, MediaView } from '../media/media-views';
import type { PublicUserProfile } from '../users/public-user-profile';

export type ChatKind = 'direct' | 'group';
export type MemberRole = 'owner' | 'admin' | 'member';
/** `file`: any other attachment; `voice`: a voice message (an audio file with its duration). */
export type MessageKind = 'text' | 'image' | 'file' | 'voice' | 'system';
export const MESSAGE_KINDS = [
  'text',
  'image',
  'file',
  'voice',
  'system',
] as const satisfies readonly MessageKind[];
/** The kinds a member writes: the ones search finds and edits change. */
export const MEMBER_MESSAGE_KINDS = [
  'text',
  'image',
  'file',
  'voice',
] as const satisfies readonly MessageKind[];

/** Longest message text accepted, in characters, after trimming. */
export const MAX_MESSAGE_TEXT_LENGTH = 4000;
export const MAX_GROUP_NAME_LENGTH = 80;
export const MAX_GROUP_MEMBERS = 256;
export const MAX_CLIENT_MESSAGE_ID_LENGTH = 64;
/** Most messages in one page of history, and per chat in one chat:sync answer. */
export const MAX_MESSAGES_PAGE = 100;
/** Most chats one chat:sync may ask about. */
export const MAX_SYNC_CHATS = 100;
/** Most people one message may mention. */
export const MAX_MENTIONS = 50;
/** Most distinct emoji one person may put on one message. */
export const MAX_REACTIONS_PER_PERSON = 20;
/** Longest reaction, in UTF-8 bytes (one emoji grapheme, with its modifiers and joiners). */
export const MAX_EMOJI_BYTES = 32;
/** How much of the original's text a reply quotes, in characters. */
export const REPLY_QUOTE_LENGTH = 200;
/** How many links of one message get a preview: the first ones of its text. */
export const MAX_LINK_PREVIEWS = 3;
/** Longest preview title and description kept, in characters. */
export const LINK_PREVIEW_TITLE_LENGTH = 200;
export const LINK_PREVIEW_DESCRIPTION_LENGTH = 300;

/** Membership changes and renames, shown in the conversation as system messages. */
export interface SystemEventView {
  type: 'chat_created' | 'members_added' | 'member_removed' | 'member_left' | 'renamed';
  actorId: string;
  userIds?: string[];
  name?: string;
}

/** The message a reply answers, as it is now; null on the reply once the original is deleted. */
export interface ReplyQuote {
  seq: number;
  senderId: string | null;
  kind: MessageKind;
  /** The first 200 characters of the original's text (or caption). */
  text: string | null;
}

/** One emoji on a message and who put it there, in the order they did. */
export interface ReactionView {
  emoji: string;
  userIds: string[];
}

/**
 * What a linked page says about itself (its title, description, site name and picture), fetched
 * by the server after the message was sent and added to it as a change. Plain text, as the
 * message's: never render it as HTML.
 */
export interface LinkPreviewView {
  /** Which of the message's links this is (0, 1, 2, in the order of its text); names it for removal. */
  index: number;
  /** The link as the server read it (an international host name in its `xn--` form). */
  url: string;
  title: string | null;
  description: string | null;
  siteName: string | null;
  /**
   * Our copy of the page's picture (at most 600 px wide, WebP): served like a message image, to
   * the chat's members only, so showing it never contacts the linked site.
   */
  image: MediaView | null;
}

export interface ChatMessage {
  id: string;
  chatId: string;
  /** Position in the chat: 1, 2, 3, … with no gaps. */
  seq: number;
  senderId: string | null;
  clientMessageId: string | null;
  kind: MessageKind;
  /**
   * Exactly as sent (trimmed); the caption of an image or a file. Plain text: never render it as
   * HTML.
   */
  text: string | null;
  /** The upload it carries (image or file), as sent with it. */
  mediaId: string | null;
  /** With `kind: 'image'`: the picture, as it was when sent. */
  media: MediaView | null;
  /** With `kind: 'file'` or `'voice'`: the file, as it was when sent. */
  file: FileView | null;
  system: SystemEventView | null;
  createdAt: string;
  /**
   * Position in the chat's change log: the `lastChangeSeq` of the chat when this copy was last
   * changed (sent, edited, deleted, reacted to). Of two copies of one message, keep the higher.
   */
  changeSeq: number;
  editedAt: string | null;
  /** Set on a tombstone: text, media, reactions, mentions and the quote are gone. */
  deletedAt: string | null;
  replyTo: ReplyQuote | null;
  reactions: ReactionView[];
  /** Ids of the members this message mentions. */
  mentions: string[];
  /** Previews of its first links, added a moment after the send; the sender may remove them. */
  previews: LinkPreviewView[];
}

export interface LastMessageView {
  id: string;
  seq: number;
  senderId: string | null;
  kind: MessageKind;
  /** The first 200 characters (null once deleted). */
  text: string | null;
  /** With `kind: 'file'`: the file's name, for "📎 name" (null once deleted). */
  attachmentName: string | null;
  createdAt: string;
  /** Set when the newest message was deleted for everyone: show "message deleted". */
  deletedAt: string | null;
  /**
   * A system message's event (who was added, who left, the new name), to say what happened; null
   * for other messages, and on a few summaries stored before it was kept.
   */
  system: SystemEventView | null;
}

export interface ChatMemberView {
  userId: string;
  role: MemberRole;
  lastReadSeq: number;
  lastDeliveredSeq: number;
  /** null if the account no longer exists. */
  profile: PublicUserProfile | null;
}

/** Someone who left the group or was removed: their name stays on what they wrote. */
export interface FormerMemberView {
  userId: string;
  leftAt: string;
  /** null if the account no longer exists. */
  profile: PublicUserProfile | null;
}

/** A chat as everybody in it sees it. */
export interface ChatInfo {
  id: string;
  kind: ChatKind;
  /** Groups only. A direct chat is named after the other member. */
  name: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
  /** The chat's change log: bumped by every new, edited or deleted message and reaction change. */
  lastChangeSeq: number;
  lastMessage: LastMessageView | null;
  members: ChatMemberView[];
  /** Groups: the 100 people who left or were removed most recently, the latest first. */
  formerMembers: FormerMemberView[];
}

/** A chat as the caller sees it: plus their unread counts, role and mute. */
export interface ChatView extends ChatInfo {
  unreadCount: number;
  /** Unread messages that mention the caller (not deleted). */
  unreadMentions: number;
  myRole: MemberRole;
  /** No e-mail reminder and no browser notification for this chat while true. */
  muted: boolean;
  /** While muted: when the mute ends by itself; null means until unmuted. */
  mutedUntil: string | null;
  /** Which messages may become a push notification for the caller (a muted chat never pushes). */
  notify: ChatNotifyLevel;
}

/** Someone the caller blocked. */
export interface BlockedUserView {
  userId: string;
  blockedAt: string;
  /** null if the account no longer exists. */
  profile: PublicUserProfile | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PresenceState {
  userId: string;
  online: boolean;
  lastSeenAt: string | null;
}
