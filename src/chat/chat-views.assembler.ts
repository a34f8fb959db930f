import { Injectable } from '@nestjs/common';
import {
  UserDirectory,
  type ChatInfo,
  type ChatView,
  type PublicUserProfile,
} from '@app/contracts';
import { toChatInfo, toChatView } from './chat.mapper';
import { ChatsRepository } from './persistence/chats.repository';
import type { ChatRecord, ChatWithMembership, MemberRecord } from './persistence/chat.records';
import { MessagesRepository } from './persistence/messages.repository';

/** Turns chats into views with members' profiles: one directory call per batch, never one per chat. */
@Injectable()
export class ChatViewsAssembler {
  constructor(
    private readonly chats: ChatsRepository,
    private readonly messages: MessagesRepository,
    private readonly directory: UserDirectory,
  ) {}

  /** One user's chats (every row is theirs): their unread mentions counted in one query. */
  async views(rows: readonly ChatWithMembership[]): Promise<ChatView[]> {
    if (rows.length === 0) return [];
    const chatIds = rows.map((row) => row.chat.id);
    const members = await this.chats.listMembersOfChats(chatIds);
    const profiles = await this.profilesOf(members);
    const mentions = await this.messages.unreadMentions(rows[0].member.userId, chatIds);
    return rows.map(({ chat, member }) =>
      toChatView(
        toChatInfo(
          chat,
          members.filter((m) => m.chatId === chat.id),
          profiles,
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
    const me = await this.chats.findMember(info.id, userId);
    if (!me) throw new Error(`User ${userId} is not a member of chat ${info.id}`);
    const mentions = await this.messages.unreadMentions(userId, [info.id]);
    return toChatView(info, me, mentions.get(info.id) ?? 0);
  }

  async info(chat: ChatRecord): Promise<ChatInfo> {
    const members = await this.chats.listMembers(chat.id);
    return toChatInfo(chat, members, await this.profilesOf(members));
  }

  private async profilesOf(
    members: readonly MemberRecord[],
  ): Promise<Map<string, PublicUserProfile>> {
    const ids = [...new Set(members.map((m) => m.userId))];
    const profiles = ids.length ? await this.directory.getMany(ids) : [];
    return new Map(profiles.map((profile) => [profile.id, profile]));
  }
}
