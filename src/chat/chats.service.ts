import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import {
  MAX_GROUP_MEMBERS,
  UserDirectory,
  type ChatInfo,
  type ChatUpdateReason,
  type ChatView,
  type Page,
} from '@app/contracts';
import { badField } from '@app/http';
import { cannotChatError, ChatAccess, youBlockedError } from './chat-access';
import { decodeChatCursor, encodeChatCursor } from './chat-cursor';
import { ChatViewsAssembler } from './chat-views-assembler';
import { toChatMessage } from './chat.mapper';
import { blockersByBlocked, withoutMarksOf } from './member-marks';
import { BlocksRepository } from './persistence/blocks.repository';
import { ChatsRepository } from './persistence/chats.repository';
import type { ChatRecord, MessageRecord } from './persistence/chat.records';
import { RealtimePublisher } from './fanout/realtime-publisher';

/**
 * Opening chats, the chat list, and group administration. Each group change is one repository
 * call that stores the change and its system message together; the realtime events follow it.
 */
@Injectable()
export class ChatsService {
  constructor(
    private readonly chats: ChatsRepository,
    private readonly access: ChatAccess,
    private readonly views: ChatViewsAssembler,
    private readonly directory: UserDirectory,
    private readonly publisher: RealtimePublisher,
    private readonly blocks: BlocksRepository,
  ) {}

  /**
   * The chat with `otherId`, created on first use; concurrent calls yield one chat. Refused while
   * either blocked the other (an existing chat stays readable from the chat list).
   */
  async openDirect(userId: string, otherId: string): Promise<{ chat: ChatView; created: boolean }> {
    if (otherId === userId) throw badField('userId', 'You cannot open a chat with yourself');
    if (!(await this.directory.exists(otherId))) throw new NotFoundException('User not found');
    const { iBlocked, theyBlocked } = await this.blocks.between(userId, otherId);
    if (iBlocked) throw youBlockedError('unblock them first');
    if (theyBlocked) throw cannotChatError();
    const { chat, created } = await this.chats.findOrCreateDirect(userId, otherId, userId);
    if (!created) return { chat: await this.views.view(chat, userId), created };
    return {
      chat: await this.views.viewFromInfo(
        await this.announce('created', chat.id, [userId, otherId]),
        userId,
      ),
      created,
    };
  }

  async createGroup(userId: string, name: string, memberIds: readonly string[]): Promise<ChatView> {
    const others = await this.addableBy(
      userId,
      memberIds.filter((id) => id !== userId),
    );
    if (others.length + 1 > MAX_GROUP_MEMBERS) {
      throw badField('memberIds', `A group has at most ${MAX_GROUP_MEMBERS} members`);
    }
    const { chat, message } = await this.chats.createGroup({
      name,
      createdBy: userId,
      memberIds: others,
    });
    this.publishMessage(message);
    return this.views.viewFromInfo(
      await this.announce('created', chat.id, [userId, ...others]),
      userId,
    );
  }

  async list(userId: string, cursor: string | undefined, limit: number): Promise<Page<ChatView>> {
    const rows = await this.chats.pageForUser(userId, {
      after: cursor ? decodeChatCursor(cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1)?.chat;
    return {
      items: await this.views.views(page),
      nextCursor: rows.length > limit && last ? encodeChatCursor(last) : null,
    };
  }

  async get(userId: string, chatId: string): Promise<ChatView> {
    const { chat } = await this.access.forRead(chatId, userId);
    return this.views.view(chat, userId);
  }

  async rename(userId: string, chatId: string, name: string): Promise<ChatView> {
    await this.access.forGroupAdmin(chatId, userId);
    const message = await this.chats.rename(chatId, name, userId);
    if (!message) throw new NotFoundException('Chat not found');
    this.publishMessage(message);
    return this.views.viewFromInfo(await this.announce('renamed', chatId, []), userId);
  }

  async addMembers(userId: string, chatId: string, userIds: readonly string[]): Promise<ChatView> {
    await this.access.forGroupAdmin(chatId, userId);
    const current = await this.chats.listMembers(chatId);
    // Members already in are no change, whoever they are: only newcomers are checked, so adding
    // someone who is in the group and blocked you answers as it does for anyone else in it.
    const newcomers = await this.addableBy(
      userId,
      userIds.filter((id) => !current.some((m) => m.userId === id)),
    );
    if (current.length + newcomers.length > MAX_GROUP_MEMBERS) {
      throw badField('userIds', `A group has at most ${MAX_GROUP_MEMBERS} members`);
    }
    const { added, message } = await this.chats.addMembers(chatId, newcomers, userId);
    if (message) {
      this.publishMessage(message);
      return this.views.viewFromInfo(await this.announce('members_added', chatId, added), userId);
    }
    return this.views.view(await this.reload(chatId), userId);
  }

  /** Removing yourself is leaving, which any member may do; removing others takes an owner or admin. */
  async removeMember(userId: string, chatId: string, targetId: string): Promise<void> {
    const leaving = targetId === userId;
    const actor = await this.access.forWrite(chatId, userId);
    await this.access.requireGroup(chatId);
    const target = leaving ? actor : await this.chats.findMember(chatId, targetId);
    if (!target) throw notAMember();
    if (!leaving) {
      if (actor.role === 'member')
        throw new ForbiddenException('Only the owner or an admin of the group can do this');
      if (target.role === 'owner') throw new ForbiddenException('The owner cannot be removed');
      if (target.role === 'admin' && actor.role !== 'owner') {
        throw new ForbiddenException('Only the owner can remove an admin');
      }
    }
    const message = await this.chats.removeMember(chatId, targetId, userId);
    // Removed a moment ago by someone else, who announced it.
    if (!message) throw notAMember();
    // The removed person still sees the system message and the update, then their sockets leave.
    this.publishMessage(message);
    await this.announce(leaving ? 'member_left' : 'member_removed', chatId, []);
    this.publisher.leaveChat(targetId, chatId);
  }

  /** Only the owner promotes members to admin or demotes admins. */
  async setRole(
    userId: string,
    chatId: string,
    targetId: string,
    role: 'admin' | 'member',
  ): Promise<ChatView> {
    const actor = await this.access.forWrite(chatId, userId);
    await this.access.requireGroup(chatId);
    if (actor.role !== 'owner') throw new ForbiddenException('Only the owner can change roles');
    if (targetId === userId)
      throw badField('userId', 'The owner keeps their role; leaving hands it over');
    if (!(await this.chats.setRole(chatId, targetId, role))) throw notAMember();
    return this.views.viewFromInfo(await this.announce('members_changed', chatId, []), userId);
  }

  private publishMessage(message: MessageRecord): void {
    this.publisher.messageCreated(toChatMessage(message));
  }

  /**
   * Reads the chat once after the change, moves the given users' sockets into its room, tells the
   * room, and returns the info so that the caller's result needs no second read.
   */
  private async announce(
    reason: ChatUpdateReason,
    chatId: string,
    joining: string[],
  ): Promise<ChatInfo> {
    const info = await this.views.info(await this.reload(chatId));
    const pairs = await this.blocks.blocksAmong(info.members.map((m) => m.userId));
    // Blocked members get a copy without their blockers' marks, everyone else the chat as it is.
    const copies = [...blockersByBlocked(pairs)].map(([userId, blockers]) => ({
      userId,
      chat: withoutMarksOf(info, blockers),
    }));
    this.publisher.joinChat(joining, chatId);
    this.publisher.chatUpdated(reason, info, joining, copies);
    return info;
  }

  private async reload(chatId: string): Promise<ChatRecord> {
    const chat = await this.chats.findById(chatId);
    if (!chat) throw new NotFoundException('Chat not found');
    return chat;
  }

  /**
   * The distinct ids, each of whom `userId` may add to a group: an existing person who has not
   * blocked `userId` (one directory call and one query, together). Someone who blocked the adder
   * is refused with exactly the answer for someone who does not exist, so the refusal does not
   * tell the blocked person about the block. The other way round stays allowed: a blocker may add
   * the person they blocked, because both the block and the adding are the blocker's own choice.
   */
  private async addableBy(userId: string, ids: readonly string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const [profiles, blockers] = await Promise.all([
      this.directory.getMany(unique),
      this.blocks.blockersAmong(userId, unique),
    ]);
    const found = new Set(profiles.map((profile) => profile.id));
    const refused = new Set(blockers);
    if (unique.some((id) => !found.has(id) || refused.has(id))) throw cannotAdd();
    return unique;
  }
}

/** One answer for every person who cannot be added, whatever the reason (see `addableBy`). */
const cannotAdd = () => new ForbiddenException('Some of these people cannot be added');

const notAMember = () => new NotFoundException('That user is not a member of this chat');
