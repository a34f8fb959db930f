import type { ChatRecord, ChatWithMembership, MemberRecord, MemberRole } from './chat.records';

export interface ChatPageQuery {
  /** Continue after this chat of the previous page (its `updatedAt` and `id`). */
  after?: { updatedAt: Date; id: string };
  limit: number;
}

/**
 * Chats and their members. Queries only: who may do what is decided by the services.
 * Every adapter passes `chats.repository.contract.ts`.
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

  /** A group with `createdBy` as `owner` and every other id in `memberIds` as `member` (duplicates ignored). */
  abstract createGroup(input: {
    name: string;
    createdBy: string;
    memberIds: readonly string[];
  }): Promise<ChatRecord>;

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

  /** Ids of every chat the user is a member of. */
  abstract chatIdsOfUser(userId: string): Promise<string[]>;

  /** Renames and bumps `updatedAt`; null when the chat does not exist. */
  abstract rename(chatId: string, name: string): Promise<ChatRecord | null>;

  /** Adds the users with `role`; resolves to the ids actually added (existing members are skipped). Bumps `updatedAt`. */
  abstract addMembers(
    chatId: string,
    userIds: readonly string[],
    role: MemberRole,
  ): Promise<string[]>;

  /** Changes a member's role; false when they are not a member. */
  abstract setRole(chatId: string, userId: string, role: MemberRole): Promise<boolean>;

  /** Removes one member; false when they were not a member. Bumps `updatedAt` when removed. */
  abstract removeMember(chatId: string, userId: string): Promise<boolean>;

  /**
   * Moves the member's read mark forward to `seq`, never backward and never past the chat's
   * `lastSeq`; also moves the delivered mark at least as far. Resolves to the mark after the call,
   * or null when the user is not a member.
   */
  abstract markRead(chatId: string, userId: string, seq: number): Promise<number | null>;

  /** Same for the delivered mark alone (forward only, capped at `lastSeq`). */
  abstract markDelivered(chatId: string, userId: string, seq: number): Promise<number | null>;
}
