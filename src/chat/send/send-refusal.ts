import type { ForbiddenException } from '@nestjs/common';
import { cannotChatError, notAMemberError, youBlockedError } from '../chat-access';
import type { BlocksRepository } from '../persistence/blocks.repository';
import type { ChatsRepository } from '../persistence/chats.repository';

/**
 * Why a send may not be stored: not a member (or no such chat), or a direct chat where one blocked
 * the other. The blocked person is told no more than that they cannot send; the one who blocked
 * is told how to undo it.
 */
export async function sendRefusal(
  repositories: { chats: ChatsRepository; blocks: BlocksRepository },
  chatId: string,
  userId: string,
): Promise<ForbiddenException> {
  const members = await repositories.chats.listMembers(chatId);
  if (!members.some((m) => m.userId === userId)) return notAMemberError();
  const other = members.find((m) => m.userId !== userId);
  const blocks = other && (await repositories.blocks.between(userId, other.userId));
  if (blocks?.iBlocked) return youBlockedError('unblock them to send messages');
  return cannotChatError();
}
