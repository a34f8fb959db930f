import { Injectable } from '@nestjs/common';
import {
  UserDirectory,
  type ChatInfo,
  type ChatView,
  type PublicUserProfile,
} from '@app/contracts';
import { toChatInfo, toChatView } from './chat.mapper';
import { withoutMarksOf } from './member-marks';
import { BlocksRepository } from './persistence/blocks.repository';
import { ChatsRepository } from './persistence/chats.repository';
import type { ChatRecord, ChatWithMembership } from './persistence/chat.records';
import { MessagesRepository } from './persistence/messages.repository';

/** Turns chats into views with members' profiles: one directory call per batch, never one per chat. */
@Injectable()
export class ChatViewsAssembler {
  constructor(
    private readonly chats: ChatsRepository,
    private readonly messages: MessagesRepository,
    private readonly directory: UserDirectory,
    private readonly blocks: BlocksRepository,
  ) {}

  /**
   * One user's chats (every row is theirs): their unread mentions counted in one query, and the
   * marks of members who blocked them hidden (one query).
   */
  async views(rows: readonly ChatWithMembership[]): Promise<ChatView[]> {
    if (rows.length === 0) return [];
    const viewerId = rows[0].member.userId;
    const chatIds = rows.map((row) => row.chat.id);
    const [members, formerMembers] = await Promise.all([
      this.chats.listMembersOfChats(chatIds),
      this.chats.listFormerMembersOfChats(chatIds),
    ]);
    const [profiles, mentions, blockers] = await Promise.all([
      this.profilesOf([...members, ...formerMembers]),
      this.messages.unreadMentions(viewerId, chatIds),
      this.blockersOf(viewerId, members),
    ]);
    return rows.map(({ chat, member }) =>
      toChatView(
        withoutMarksOf(
          toChatInfo(
            chat,
            members.filter((m) => m.chatId === chat.id),
            formerMembers.filter((f) => f.chatId === chat.id),
            profiles,
          ),
          blockers,
        ),
        member,
        mentions.get(chat.id) ?? 0,
      ),
    );
  }

  async view(chat: ChatRecord, userId: string): Promise<ChatView> {
    return this.viewFromInfo(await this.info(chat), userId);
  }

  /** The caller's view of a chat whose info was just built: their own marks, mute and mentions. */
  async viewFromInfo(info: ChatInfo, userId: string): Promise<ChatView> {
    const [me, mentions, blockers] = await Promise.all([
      this.chats.findMember(info.id, userId),
      this.messages.unreadMentions(userId, [info.id]),
      this.blockersOf(userId, info.members),
    ]);
    if (!me) throw new Error(`User ${userId} is not a member of chat ${info.id}`);
    return toChatView(withoutMarksOf(info, blockers), me, mentions.get(info.id) ?? 0);
  }

  async info(chat: ChatRecord): Promise<ChatInfo> {
    const [members, formerMembers] = await Promise.all([
      this.chats.listMembers(chat.id),
      this.chats.listFormerMembersOfChats([chat.id]),
    ]);
    return toChatInfo(
      chat,
      members,
      formerMembers,
      await this.profilesOf([...members, ...formerMembers]),
    );
  }

  /** Those of the members who blocked the viewer. */
  private async blockersOf(
    viewerId: string,
    members: readonly { userId: string }[],
  ): Promise<Set<string>> {
    const others = [...new Set(members.map((m) => m.userId))].filter((id) => id !== viewerId);
    return new Set(others.length ? await this.blocks.blockersAmong(viewerId, others) : []);
  }

  private async profilesOf(
    members: readonly { userId: string }[],
  ): Promise<Map<string, PublicUserProfile>> {
    const ids = [...new Set(members.map((m) => m.userId))];
    const profiles = ids.length ? await this.directory.getMany(ids) : [];
    return new Map(profiles.map((profile) => [profile.id, profile]));
  }
}
