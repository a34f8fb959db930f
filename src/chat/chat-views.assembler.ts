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

/** Turns chats into views with members' profiles: one directory call per batch, never one per chat. */
@Injectable()
export class ChatViewsAssembler {
  constructor(
    private readonly chats: ChatsRepository,
    private readonly directory: UserDirectory,
  ) {}

  async views(rows: readonly ChatWithMembership[]): Promise<ChatView[]> {
    const members = await this.chats.listMembersOfChats(rows.map((row) => row.chat.id));
    const profiles = await this.profilesOf(members);
    return rows.map(({ chat, member }) =>
      toChatView(
        toChatInfo(
          chat,
          members.filter((m) => m.chatId === chat.id),
          profiles,
        ),
        member,
      ),
    );
  }

  async view(chat: ChatRecord, userId: string): Promise<ChatView> {
    const info = await this.info(chat);
    const me = await this.chats.findMember(chat.id, userId);
    if (!me) throw new Error(`User ${userId} is not a member of chat ${chat.id}`);
    return toChatView(info, me);
  }

  /** The caller's view of a chat whose info was just built (no further queries). */
  viewFromInfo(info: ChatInfo, userId: string): ChatView {
    const me = info.members.find((member) => member.userId === userId);
    if (!me) throw new Error(`User ${userId} is not a member of chat ${info.id}`);
    return toChatView(info, me);
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
