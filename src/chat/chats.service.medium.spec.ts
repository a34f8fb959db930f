import { BadRequestException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MemberRole } from '@app/contracts';
import { startChatServices, type ChatServices } from '../../test/fixtures/chat-services.fixture';

// ChatsService over real SQL repositories (PGlite) with fan-out recorded instead of emitted: the
// group rules as a person meets them, checked on the stored state and on what was announced.
describe('ChatsService: group membership and roles', () => {
  let s: ChatServices;

  beforeAll(async () => {
    s = await startChatServices();
  });

  afterAll(() => s.close());

  /** A group of `ownerName` and the others, everyone new; ids in the order of the names. */
  async function group(ownerName: string, ...otherNames: string[]) {
    const [owner, ...others] = s.directory.add(ownerName, ...otherNames);
    const chat = await s.chats.createGroup(owner, 'Team', others);
    return { chatId: chat.id, owner, others };
  }

  /** Each person's role as stored, in the order they joined. */
  async function roles(chatId: string): Promise<Array<[string, MemberRole]>> {
    return (await s.chatsRepository.listMembers(chatId)).map((m) => [m.userId, m.role]);
  }

  const events = (chatId: string) => s.publisher.about(chatId).map((p) => p.event);
  /** The system messages the chat was told about, by type. */
  const systemTypes = (chatId: string) =>
    s.publisher.told(chatId, 'message:new').map((p) => p.message.system?.type);
  const sorted = (ids: readonly string[]) => [...ids].sort();

  describe('creating a group', () => {
    it('makes the creator owner and the others members, moves them all in and tells them', async () => {
      const [ada, bob, cy] = s.directory.add('Ada', 'Bob', 'Cy');
      const view = await s.chats.createGroup(ada, 'Trio', [bob, cy, bob]);
      expect(view).toMatchObject({ kind: 'group', name: 'Trio', myRole: 'owner', lastSeq: 1 });
      // People added together joined at the same moment, so only the roles are compared.
      expect(new Map(await roles(view.id))).toEqual(
        new Map([
          [ada, 'owner'],
          [bob, 'member'],
          [cy, 'member'],
        ]),
      );
      expect(systemTypes(view.id)).toEqual(['chat_created']);
      const [join] = s.publisher.told(view.id, 'join');
      const [update] = s.publisher.told(view.id, 'chat:updated');
      expect(sorted(join.userIds)).toEqual(sorted([ada, bob, cy]));
      expect(update.reason).toBe('created');
      expect(sorted(update.joining)).toEqual(sorted([ada, bob, cy]));
    });

    it('refuses people who do not exist (403), and creates nothing', async () => {
      const [ada] = s.directory.add('Ada');
      const ghost = '0190a0a0-0000-7000-8000-000000000000';
      await expect(s.chats.createGroup(ada, 'Ghosts', [ghost])).rejects.toThrow(ForbiddenException);
      expect(await s.chatsRepository.chatIdsOfUser(ada)).toEqual([]);
    });
  });

  describe('renaming and adding people', () => {
    it('lets the owner and admins rename the group, but not members', async () => {
      const { chatId, owner, others } = await group('Ada', 'Bob', 'Cy');
      const [bob, cy] = others;
      await s.chats.setRole(owner, chatId, bob, 'admin');
      await s.chats.rename(owner, chatId, 'By the owner');
      const renamed = await s.chats.rename(bob, chatId, 'By an admin');
      expect(renamed.name).toBe('By an admin');
      await expect(s.chats.rename(cy, chatId, 'By a member')).rejects.toThrow(
        'Only the owner or an admin of the group can do this',
      );
      expect((await s.chatsRepository.findById(chatId))?.name).toBe('By an admin');
      expect(systemTypes(chatId)).toEqual(['chat_created', 'renamed', 'renamed']);
    });

    it('lets an admin add people, who are moved into the chat and told directly', async () => {
      const { chatId, owner, others } = await group('Ada', 'Bob');
      const [bob] = others;
      const [dan] = s.directory.add('Dan');
      await s.chats.setRole(owner, chatId, bob, 'admin');
      const view = await s.chats.addMembers(bob, chatId, [dan]);
      expect(view.members.map((m) => m.userId)).toEqual([owner, bob, dan]);
      expect((await s.chatsRepository.findMember(chatId, dan))?.role).toBe('member');
      expect(s.publisher.told(chatId, 'message:new').at(-1)?.message.system).toMatchObject({
        type: 'members_added',
        actorId: bob,
        userIds: [dan],
      });
      expect(s.publisher.told(chatId, 'join').at(-1)?.userIds).toEqual([dan]);
      expect(s.publisher.told(chatId, 'chat:updated').at(-1)).toMatchObject({
        reason: 'members_added',
        joining: [dan],
      });
    });

    it('does not let a member add people', async () => {
      const { chatId, others } = await group('Ada', 'Bob');
      const [dan] = s.directory.add('Dan');
      await expect(s.chats.addMembers(others[0], chatId, [dan])).rejects.toThrow(
        ForbiddenException,
      );
      expect(await s.chatsRepository.findMember(chatId, dan)).toBeNull();
    });

    it('adds nobody and announces nothing when everyone asked for is already in', async () => {
      const { chatId, owner, others } = await group('Ada', 'Bob');
      const before = events(chatId).length;
      const view = await s.chats.addMembers(owner, chatId, others);
      expect(view.members).toHaveLength(2);
      expect(events(chatId)).toHaveLength(before);
    });

    it('refuses to rename a direct chat or add people to it', async () => {
      const [ada, bob, cy] = s.directory.add('Ada', 'Bob', 'Cy');
      const { chat } = await s.chats.openDirect(ada, bob);
      await expect(s.chats.rename(ada, chat.id, 'Ours')).rejects.toThrow(
        'A direct chat has no name and no member changes',
      );
      await expect(s.chats.addMembers(ada, chat.id, [cy])).rejects.toThrow(ForbiddenException);
    });
  });

  describe('removing people', () => {
    it('lets an admin remove a member, who sees the system message and update before leaving the room', async () => {
      const { chatId, owner, others } = await group('Ada', 'Bob', 'Cy');
      const [bob, cy] = others;
      await s.chats.setRole(owner, chatId, bob, 'admin');
      await s.chats.removeMember(bob, chatId, cy);
      expect(await s.chatsRepository.findMember(chatId, cy)).toBeNull();
      const told = s.publisher.about(chatId);
      expect(told.at(-1)).toEqual({ event: 'leave', chatId, userId: cy });
      expect(s.publisher.told(chatId, 'message:new').at(-1)?.message.system).toMatchObject({
        type: 'member_removed',
        actorId: bob,
        userIds: [cy],
      });
      expect(s.publisher.told(chatId, 'chat:updated').at(-1)?.reason).toBe('member_removed');
    });

    it('does not let a member remove anyone', async () => {
      const { chatId, others } = await group('Ada', 'Bob', 'Cy');
      const [bob, cy] = others;
      await expect(s.chats.removeMember(bob, chatId, cy)).rejects.toThrow(
        'Only the owner or an admin of the group can do this',
      );
      expect(await s.chatsRepository.findMember(chatId, cy)).not.toBeNull();
    });

    it('lets only the owner remove an admin', async () => {
      const { chatId, owner, others } = await group('Ada', 'Bob', 'Cy');
      const [bob, cy] = others;
      await s.chats.setRole(owner, chatId, bob, 'admin');
      await s.chats.setRole(owner, chatId, cy, 'admin');
      await expect(s.chats.removeMember(bob, chatId, cy)).rejects.toThrow(
        'Only the owner can remove an admin',
      );
      await s.chats.removeMember(owner, chatId, cy);
      expect(await roles(chatId)).toEqual([
        [owner, 'owner'],
        [bob, 'admin'],
      ]);
    });

    it('never lets anyone remove the owner', async () => {
      const { chatId, owner, others } = await group('Ada', 'Bob');
      await s.chats.setRole(owner, chatId, others[0], 'admin');
      await expect(s.chats.removeMember(others[0], chatId, owner)).rejects.toThrow(
        'The owner cannot be removed',
      );
      expect((await s.chatsRepository.findMember(chatId, owner))?.role).toBe('owner');
    });

    it('refuses with 404 to remove someone who is not in the group, and with 403 an outsider', async () => {
      const { chatId, owner } = await group('Ada', 'Bob');
      const [outsider] = s.directory.add('Eve');
      await expect(s.chats.removeMember(owner, chatId, outsider)).rejects.toThrow(
        NotFoundException,
      );
      await expect(s.chats.removeMember(outsider, chatId, owner)).rejects.toThrow(
        'You are not a member of this chat',
      );
    });
  });

  describe('leaving', () => {
    it('lets any member leave, with the same announcement as a removal', async () => {
      const { chatId, owner, others } = await group('Ada', 'Bob', 'Cy');
      const [bob, cy] = others;
      await s.chats.removeMember(bob, chatId, bob);
      expect(await roles(chatId)).toEqual([
        [owner, 'owner'],
        [cy, 'member'],
      ]);
      expect(systemTypes(chatId).at(-1)).toBe('member_left');
      expect(s.publisher.told(chatId, 'chat:updated').at(-1)?.reason).toBe('member_left');
      expect(s.publisher.about(chatId).at(-1)).toEqual({ event: 'leave', chatId, userId: bob });
    });

    it('hands ownership to the longest-standing admin when the owner leaves', async () => {
      // Bob joined first but stays a member; Cy and Dan are admins, Cy the earlier one.
      const { chatId, owner, others } = await group('Ada', 'Bob');
      const [bob] = others;
      const [cy, dan] = s.directory.add('Cy', 'Dan');
      await sleep(5);
      await s.chats.addMembers(owner, chatId, [cy]);
      await sleep(5);
      await s.chats.addMembers(owner, chatId, [dan]);
      await s.chats.setRole(owner, chatId, dan, 'admin');
      await s.chats.setRole(owner, chatId, cy, 'admin');
      await s.chats.removeMember(owner, chatId, owner);
      expect(await roles(chatId)).toEqual([
        [bob, 'member'],
        [cy, 'owner'],
        [dan, 'admin'],
      ]);
      const update = s.publisher.told(chatId, 'chat:updated').at(-1);
      expect(update?.reason).toBe('member_left');
      // The announcement already shows the new owner.
      expect(update?.chat.members.find((m) => m.userId === cy)?.role).toBe('owner');
    });

    it('hands ownership to the longest-standing member when the group has no admin', async () => {
      const { chatId, owner, others } = await group('Ada', 'Bob');
      const [bob] = others;
      const [cy] = s.directory.add('Cy');
      await sleep(5);
      await s.chats.addMembers(owner, chatId, [cy]);
      await s.chats.removeMember(owner, chatId, owner);
      expect(await roles(chatId)).toEqual([
        [bob, 'owner'],
        [cy, 'member'],
      ]);
    });

    it('lets the last member leave, leaving nobody to take over', async () => {
      const { chatId, owner } = await group('Ada');
      await s.chats.removeMember(owner, chatId, owner);
      expect(await s.chatsRepository.listMembers(chatId)).toEqual([]);
      await expect(s.chats.get(owner, chatId)).rejects.toThrow(NotFoundException);
    });
  });

  describe('setting roles', () => {
    it('lets the owner promote a member to admin and demote them again, telling the chat', async () => {
      const { chatId, owner, others } = await group('Ada', 'Bob');
      const [bob] = others;
      const promoted = await s.chats.setRole(owner, chatId, bob, 'admin');
      expect(promoted.members.find((m) => m.userId === bob)?.role).toBe('admin');
      await s.chats.setRole(owner, chatId, bob, 'member');
      expect((await s.chatsRepository.findMember(chatId, bob))?.role).toBe('member');
      const updates = s.publisher.told(chatId, 'chat:updated').map((p) => p.reason);
      expect(updates.slice(-2)).toEqual(['members_changed', 'members_changed']);
    });

    it('does not let an admin change roles', async () => {
      const { chatId, owner, others } = await group('Ada', 'Bob', 'Cy');
      const [bob, cy] = others;
      await s.chats.setRole(owner, chatId, bob, 'admin');
      await expect(s.chats.setRole(bob, chatId, cy, 'admin')).rejects.toThrow(
        'Only the owner can change roles',
      );
      expect((await s.chatsRepository.findMember(chatId, cy))?.role).toBe('member');
    });

    it('keeps the owner an owner: their own role cannot be set', async () => {
      const { chatId, owner } = await group('Ada', 'Bob');
      await expect(s.chats.setRole(owner, chatId, owner, 'member')).rejects.toThrow(
        BadRequestException,
      );
      expect((await s.chatsRepository.findMember(chatId, owner))?.role).toBe('owner');
    });

    it('refuses with 404 to set the role of someone who is not in the group', async () => {
      const { chatId, owner } = await group('Ada', 'Bob');
      const [eve] = s.directory.add('Eve');
      await expect(s.chats.setRole(owner, chatId, eve, 'admin')).rejects.toThrow(NotFoundException);
    });
  });
});
