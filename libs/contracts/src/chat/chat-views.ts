import type { MediaView } from '../media/media-views';
import type { PublicUserProfile } from '../users/public-user-profile';

export type ChatKind = 'direct' | 'group';
export type MemberRole = 'owner' | 'admin' | 'member';
export type MessageKind = 'text' | 'image' | 'system';

/** Longest message text accepted, in characters, after trimming. */
export const MAX_MESSAGE_TEXT_LENGTH = 4000;
export const MAX_GROUP_NAME_LENGTH = 80;
export const MAX_GROUP_MEMBERS = 256;
export const MAX_CLIENT_MESSAGE_ID_LENGTH = 64;
/** Most messages in one page of history, and per chat in one chat:sync answer. */
export const MAX_MESSAGES_PAGE = 100;
/** Most chats one chat:sync may ask about. */
export const MAX_SYNC_CHATS = 100;

/** Membership changes and renames, shown in the conversation as system messages. */
export interface SystemEventView {
  type: 'chat_created' | 'members_added' | 'member_removed' | 'member_left' | 'renamed';
  actorId: string;
  userIds?: string[];
  name?: string;
}

export interface ChatMessage {
  id: string;
  chatId: string;
  /** Position in the chat: 1, 2, 3, … with no gaps. */
  seq: number;
  senderId: string | null;
  clientMessageId: string | null;
  kind: MessageKind;
  /** Exactly as sent (trimmed); the caption of an image. Plain text: never render it as HTML. */
  text: string | null;
  mediaId: string | null;
  /** With `kind: 'image'`: the picture, as it was when sent. */
  media: MediaView | null;
  system: SystemEventView | null;
  createdAt: string;
}

export interface LastMessageView {
  id: string;
  seq: number;
  senderId: string | null;
  kind: MessageKind;
  /** The first 200 characters. */
  text: string | null;
  createdAt: string;
}

export interface ChatMemberView {
  userId: string;
  role: MemberRole;
  lastReadSeq: number;
  lastDeliveredSeq: number;
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
  lastMessage: LastMessageView | null;
  members: ChatMemberView[];
}

/** A chat as the caller sees it: plus their unread count and role. */
export interface ChatView extends ChatInfo {
  unreadCount: number;
  myRole: MemberRole;
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
