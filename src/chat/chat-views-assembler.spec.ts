import type { DirectoryProfile, UserDirectory } from '@app/contracts';
import { ChatViewsAssembler } from './chat-views-assembler';
import type { ChatRecord, ChatWithMembership, MemberRecord } from './persistence/chat.records';
import type { BlocksRepository } from './persistence/blocks.repository';
import type { ChatsRepository } from './persistence/chats.repository';
import type { MessagesRepository } from './persistence/messages.repository';

const at = new Date('2026-11-21T09:00:00.000Z');

const chat = (id: string, lastSeq: number): ChatRecord => ({
  id,
  kind: 'direct',
  name: null,
  createdBy: 'me',
  createdAt: at,
  updatedAt: at,
  lastSeq,
  lastChangeSeq: lastSeq,
  blocked: false,
  lastMessage: null,
});

const member = (chatId: string, userId: string, lastReadSeq = 0): MemberRecord => ({
  chatId,
  userId,
  role: 'member',
  joinedAt: at,
  lastReadSeq,
  lastDeliveredSeq: lastReadSeq,
  mutedUntil: null,
  notify: 'all',
});

describe('Building a page of the chat list', () => {
  it('asks the user directory once for the whole page, never once per chat', async () => {
    const rows: ChatWithMembership[] = ['c1', 'c2', 'c3'].map((id, i) => ({
      chat: chat(id, 10),
      member: member(id, 'me', i * 3),
    }));
    const members = rows.flatMap(({ chat: c }, i) => [
      member(c.id, 'me', i * 3),
      member(c.id, `friend${i}`, 5),
    ]);
    const listMembersOfChats = jest.fn(async () => members);
    const listFormerMembersOfChats = jest.fn(async () => []);
    const getMany = jest.fn(async (ids: readonly string[]): Promise<DirectoryProfile[]> =>
      ids.map((id) => ({
        id,
        name: id.toUpperCase(),
        handle: id,
        avatarUrl: null,
        avatarThumbnailUrl: null,
        lastSeenAt: null,
      })),
    );
    const unreadMentions = jest.fn(async () => new Map([['c2', 2]]));
    const assembler = new ChatViewsAssembler(
      { listMembersOfChats, listFormerMembersOfChats } as unknown as ChatsRepository,
      { unreadMentions } as unknown as MessagesRepository,
      { getMany } as unknown as UserDirectory,
      { blockersAmong: async () => ['friend2'] } as unknown as BlocksRepository,
    );

    const views = await assembler.views(rows);

    expect(listMembersOfChats).toHaveBeenCalledTimes(1);
    expect(getMany).toHaveBeenCalledTimes(1);
    expect([...getMany.mock.calls[0][0]].sort()).toEqual(['friend0', 'friend1', 'friend2', 'me']);
    expect(unreadMentions).toHaveBeenCalledTimes(1);
    expect(views.map((v) => v.unreadCount)).toEqual([10, 7, 4]);
    expect(views.map((v) => v.unreadMentions)).toEqual([0, 2, 0]);
    expect(views[2].members.map((m) => m.profile?.name)).toEqual(['ME', 'FRIEND2']);
    // friend2 blocked me: their read and delivered marks are not mine to see.
    expect(views.map((v) => v.members.map((m) => m.lastReadSeq))).toEqual([
      [0, 5],
      [3, 5],
      [6, 0],
    ]);
    // The directory's last seen never rides along in a view: presence has its own rule.
    expect(views[0].members[1].profile).not.toHaveProperty('lastSeenAt');
  });
});
