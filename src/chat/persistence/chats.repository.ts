import type { ChatNotifyLevel } from '@app/contracts';
import type {
  ChatHead,
  ChatRecord,
  ChatWithMembership,
  FormerMemberRecord,
  MemberRecord,
  MessageRecord,
} from './chat.records';

export interface ChatPageQuery {
  /** Continue after this chat of the previous page (its `updatedAt` and `id`). */
  after?: { updatedAt: Date; id: string };
  limit: number;
}

/**
 * Chats and their members. Who may do what is decided by the services. Each change to a group
 * (creation, rename, members added or removed) is one atomic operation that also stores the
 * `system` message telling the chat about it, with its seq (docs/persistence.md): either all of
 * it is stored or none. Every adapter passes `test/contracts/chat/chats.repository.contract.ts`.
 */
export abstract class ChatsRepository {
  /**
   * The direct chat of two different users, created with both as `member` if it does not exist.
   * Concurrent calls for the same pair (in either order) yield one chat.
   */
  abstract findOrCreateDirect(
    userA: string,
    userB: string,
    createdBy: string,
  ): Promise<{ chat: ChatRecord; created: boolean }>;

  /**
   * A group with `createdBy` as `owner` and every other id in `memberIds` as `member` (duplicates
   * ignored), and its first message: `chat_created` by `createdBy`, naming the others.
   */
  abstract createGroup(input: {
    name: string;
    createdBy: string;
    memberIds: readonly string[];
  }): Promise<{ chat: ChatRecord; message: MessageRecord }>;

  abstract findById(chatId: string): Promise<ChatRecord | null>;

  abstract findMember(chatId: string, userId: string): Promise<MemberRecord | null>;

  /** Members of one chat, in the order they joined. */
  abstract listMembers(chatId: string): Promise<MemberRecord[]>;

  /** Members of many chats in one query (for a page of the chat list). */
  abstract listMembersOfChats(chatIds: readonly string[]): Promise<MemberRecord[]>;

  /** The user's own memberships among `chatIds` (ids of chats they are not in are left out). */
  abstract membershipsOf(userId: string, chatIds: readonly string[]): Promise<MemberRecord[]>;

  /** The user's chats by last activity, newest first (`updatedAt` desc, then `id` desc). */
  abstract pageForUser(userId: string, query: ChatPageQuery): Promise<ChatWithMembership[]>;

  /** Those of `candidateIds` who are in at least one chat with the user (the user included, if asked). */
  abstract usersSharingAChatWith(
    userId: string,
    candidateIds: readonly string[],
  ): Promise<string[]>;

  /** Each chat's `lastSeq` and `lastChangeSeq` (chats that do not exist are left out). */
  abstract heads(chatIds: readonly string[]): Promise<Map<string, ChatHead>>;

  /**
   * Mutes the chat for the member until `until` (`MUTED_FOREVER`: until unmuted; null: unmuted).
   * Returns the membership after the change, or null when they are not a member.
   */
  abstract setMutedUntil(
    chatId: string,
    userId: string,
    until: Date | null,
  ): Promise<MemberRecord | null>;

  /** Which messages of the chat may push to the member; null when not a member. */
  abstract setNotifyLevel(
    chatId: string,
    userId: string,
    level: ChatNotifyLevel,
  ): Promise<MemberRecord | null>;

  /** Ids of every chat the user is a member of. */
  abstract chatIdsOfUser(userId: string): Promise<string[]>;

  /** Renames, with a `renamed` message by `actorId`; null when the chat does not exist. */
  abstract rename(chatId: string, name: string, actorId: string): Promise<MessageRecord | null>;

  /**
   * Adds the users as `member`, skipping existing members, with a `members_added` message by
   * `actorId` naming those added. Nobody added (or no such chat): no message, nothing written.
   * Someone who was a member before gets back the read and delivered marks they had when they
   * went, and is no longer a former member.
   */
  abstract addMembers(
    chatId: string,
    userIds: readonly string[],
    actorId: string,
  ): Promise<{ added: string[]; message: MessageRecord | null }>;

  /**
   * Changes the role of a member other than the owner (who only changes by leaving); false when
   * they are not a member, or are the owner.
   */
  abstract setRole(chatId: string, userId: string, role: 'admin' | 'member'): Promise<boolean>;

  /**
   * Removes one member, with a `member_left` message when `actorId` is that member, else
   * `member_removed`. When the owner goes, the longest-standing admin (else member) becomes owner,
   * so a group never stays without one. The member becomes a former member, with their marks.
   * Null, writing nothing, when they were not a member.
   */
  abstract removeMember(
    chatId: string,
    userId: string,
    actorId: string,
  ): Promise<MessageRecord | null>;

  /**
   * The former members of these chats: per chat the `FORMER_MEMBERS_LISTED` who went last, most
   * recent first.
   */
  abstract listFormerMembersOfChats(chatIds: readonly string[]): Promise<FormerMemberRecord[]>;

  /**
   * Moves the member's read mark forward to `seq`, never backward and never past the chat's
   * `lastSeq`; also moves the delivered mark at least as far. Resolves to the mark after the call,
   * or null when the user is not a member.
   */
  abstract markRead(chatId: string, userId: string, seq: number): Promise<number | null>;

  /** Same for the delivered mark alone (forward only, capped at `lastSeq`). */
  abstract markDelivered(chatId: string, userId: string, seq: number): Promise<number | null>;
}
