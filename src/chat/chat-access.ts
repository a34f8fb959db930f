import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { coded } from '@app/http';
import { BlocksRepository } from './persistence/blocks.repository';
import { ChatsRepository } from './persistence/chats.repository';
import type { ChatRecord, MemberRecord } from './persistence/chat.records';

/**
 * Membership is checked on every operation (docs/architecture.md#membership): reading a chat you
 * are not in is a 404, writing to it a 403, and neither ever returns data.
 */
@Injectable()
export class ChatAccess {
  constructor(
    private readonly chats: ChatsRepository,
    private readonly blocks: BlocksRepository,
  ) {}

  /**
   * What a new connection of `userId` is let into (docs/architecture.md#rooms): the chats they
   * are a member of, and the people who blocked them, whose typing and receipts skip them.
   */
  async connectionScope(userId: string): Promise<{ chatIds: string[]; blockerIds: string[] }> {
    const [chatIds, blockerIds] = await Promise.all([
      this.chats.chatIdsOfUser(userId),
      this.blocks.blockerIdsOf(userId),
    ]);
    return { chatIds, blockerIds };
  }

  async forRead(
    chatId: string,
    userId: string,
  ): Promise<{ chat: ChatRecord; member: MemberRecord }> {
    const found = await this.chatAndMember(chatId, userId);
    if (!found) throw new NotFoundException('Chat not found');
    return found;
  }

  async forWrite(chatId: string, userId: string): Promise<MemberRecord> {
    const member = await this.chats.findMember(chatId, userId);
    if (!member) throw notAMemberError();
    return member;
  }

  /** `forWrite`, with the chat (its kind decides who may moderate). */
  async forWriteWithChat(
    chatId: string,
    userId: string,
  ): Promise<{ chat: ChatRecord; member: MemberRecord }> {
    const found = await this.chatAndMember(chatId, userId);
    if (!found) throw notAMemberError();
    return found;
  }

  /**
   * `forWriteWithChat` for what adds to a chat (messages, edits, reactions, typing): refused in a
   * direct chat where one member blocked the other, in the same words for both.
   */
  async forContribution(
    chatId: string,
    userId: string,
  ): Promise<{ chat: ChatRecord; member: MemberRecord }> {
    const access = await this.forWriteWithChat(chatId, userId);
    if (access.chat.blocked) throw cannotChatError();
    return access;
  }

  /** The chat and the user's membership, both read at once; null unless both exist. */
  private async chatAndMember(
    chatId: string,
    userId: string,
  ): Promise<{ chat: ChatRecord; member: MemberRecord } | null> {
    const [chat, member] = await Promise.all([
      this.chats.findById(chatId),
      this.chats.findMember(chatId, userId),
    ]);
    return chat && member ? { chat, member } : null;
  }

  /** A group chat in which the caller is owner or admin. */
  async forGroupAdmin(
    chatId: string,
    userId: string,
  ): Promise<{ chat: ChatRecord; member: MemberRecord }> {
    const member = await this.forWrite(chatId, userId);
    const chat = await this.requireGroup(chatId);
    if (member.role === 'member')
      throw new ForbiddenException('Only the owner or an admin of the group can do this');
    return { chat, member };
  }

  async requireGroup(chatId: string): Promise<ChatRecord> {
    const chat = await this.chats.findById(chatId);
    if (!chat) throw new NotFoundException('Chat not found');
    if (chat.kind !== 'group')
      throw new ForbiddenException('A direct chat has no name and no member changes');
    return chat;
  }
}

/** What a blocked person is told: no more than that they cannot send, not who blocked whom. */
export const CANNOT_CHAT = 'You cannot send messages to this person';

/**
 * Writing to a chat one is not in (or that does not exist: the two are not told apart). Its code
 * `not_a_member` lets a client drop the chat rather than retry or show a generic refusal.
 */
export function notAMemberError(): ForbiddenException {
  return new ForbiddenException(coded('not_a_member', 'You are not a member of this chat'));
}

/**
 * A direct chat with a block between its two people: the refusal of `CANNOT_CHAT`, code `blocked`
 * (a client stops offering to send there; the person who blocked is told more by `youBlockedError`).
 */
export function cannotChatError(): ForbiddenException {
  return new ForbiddenException(coded('blocked', CANNOT_CHAT));
}

/**
 * Refused because the caller blocked the other person: says so, and `remedy` what to do
 * (`youBlockedError('unblock them to send messages')`). Code `blocked`, as `cannotChatError`.
 */
export function youBlockedError(remedy: string): ForbiddenException {
  return new ForbiddenException(coded('blocked', `You blocked this person: ${remedy}`));
}
