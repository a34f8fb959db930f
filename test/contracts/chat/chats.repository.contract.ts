import { newId } from '@app/database';
import type { BlocksRepository } from '@src/chat/persistence/blocks.repository';
import type { ChatRecord } from '@src/chat/persistence/chat.records';
import type { ChatsRepository } from '@src/chat/persistence/chats.repository';
import type { MessagesRepository } from '@src/chat/persistence/messages.repository';

export interface ChatRepositoriesUnderTest {
  chats: ChatsRepository;
  messages: MessagesRepository;
  /** The same adapter's blocks, on the same database: what messages must honour. */
  blocks: BlocksRepository;
  /** From now on the database refuses (throws on) any message with this sender. */
  refuseMessagesFrom(senderId: string): Promise<void>;
  /** Sets the chat's `blocked` flag as a block of its two people does (BlocksRepository). */
  markBlocked(chatId: string): Promise<void>;
  close(): Promise<void>;
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Lets the clock move on, so a bump is visible even at millisecond precision. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** The behaviour every `ChatsRepository` adapter must have; run once per reachable database. */
export function describeChatsRepositoryContract(
  adapter: string,
  open: () => Promise<ChatRepositoriesUnderTest>,
): void {
  describe(`ChatsRepository contract: ${adapter}`, () => {
    let subject: ChatRepositoriesUnderTest;
    let chats: ChatsRepository;

    beforeAll(async () => {
      subject = await open();
      chats = subject.chats;
    });

    afterAll(async () => {
      await subject?.close();
    });

    const group = async (createdBy: string, memberIds: string[] = [], name = 'Group') =>
      (await chats.createGroup({ name, createdBy, memberIds })).chat;

    describe('direct chats', () => {
      it('creates the chat of a pair once, whichever way round it is asked for', async () => {
        const [a, b] = [newId(), newId()];
        const first = await chats.findOrCreateDirect(a, b, a);
        expect(first.created).toBe(true);
        expect(first.chat).toMatchObject({
          kind: 'direct',
          name: null,
          createdBy: a,
          lastSeq: 0,
          lastMessage: null,
        });
        expect(first.chat.id).toMatch(UUID_V7);
        expect(first.chat.createdAt).toBeInstanceOf(Date);
        expect(first.chat.updatedAt).toEqual(first.chat.createdAt);

        const again = await chats.findOrCreateDirect(b, a, b);
        expect(again).toEqual({ chat: first.chat, created: false });
        expect(await chats.findById(first.chat.id)).toEqual(first.chat);

        const members = await chats.listMembers(first.chat.id);
        expect(members.map((m) => m.userId).sort()).toEqual([a, b].sort());
        for (const m of members) {
          expect(m).toMatchObject({ role: 'member', lastReadSeq: 0, lastDeliveredSeq: 0 });
          expect(m.joinedAt).toBeInstanceOf(Date);
        }
      });

      it('yields one chat for ten concurrent calls, exactly one of them creating it', async () => {
        const [a, b] = [newId(), newId()];
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            i % 2 ? chats.findOrCreateDirect(a, b, a) : chats.findOrCreateDirect(b, a, b),
          ),
        );
        expect(new Set(results.map((r) => r.chat.id)).size).toBe(1);
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(await chats.listMembers(results[0].chat.id)).toHaveLength(2);
      });

      it('gives different pairs different chats', async () => {
        const [a, b, c] = [newId(), newId(), newId()];
        const ab = await chats.findOrCreateDirect(a, b, a);
        const ac = await chats.findOrCreateDirect(a, c, a);
        expect(ab.chat.id).not.toBe(ac.chat.id);
      });
    });

    describe('groups and members', () => {
      it('makes the creator owner and everyone else member, ignoring repeated ids', async () => {
        const [owner, x, y] = [newId(), newId(), newId()];
        const { chat, message } = await chats.createGroup({
          name: 'Team',
          createdBy: owner,
          memberIds: [x, y, x, owner],
        });
        expect(chat).toMatchObject({ kind: 'group', name: 'Team', createdBy: owner, lastSeq: 1 });
        expect(await chats.findById(chat.id)).toEqual(chat);
        expect(message).toMatchObject({
          chatId: chat.id,
          seq: 1,
          kind: 'system',
          senderId: owner,
          system: { type: 'chat_created', actorId: owner, userIds: [x, y] },
        });
        expect(chat.lastMessage).toMatchObject({
          id: message.id,
          seq: 1,
          kind: 'system',
          system: { type: 'chat_created', actorId: owner, userIds: [x, y] },
        });
        expect(await subject.messages.page(chat.id, { limit: 10 })).toEqual([message]);

        const members = await chats.listMembers(chat.id);
        expect(members[0]).toMatchObject({ chatId: chat.id, userId: owner, role: 'owner' });
        expect(members.slice(1).map((m) => [m.userId, m.role])).toEqual(
          expect.arrayContaining([
            [x, 'member'],
            [y, 'member'],
          ]),
        );
        expect(members).toHaveLength(3);
        expect(await chats.findMember(chat.id, x)).toEqual(members.find((m) => m.userId === x));
      });

      it('changes the role of a member, and of nobody else', async () => {
        const [owner, x] = [newId(), newId()];
        const chat = await group(owner, [x]);
        expect(await chats.setRole(chat.id, x, 'admin')).toBe(true);
        expect((await chats.findMember(chat.id, x))?.role).toBe('admin');
        expect((await chats.findMember(chat.id, owner))?.role).toBe('owner');
        expect(await chats.setRole(chat.id, newId(), 'admin')).toBe(false);
        // The owner's role only changes by leaving.
        expect(await chats.setRole(chat.id, owner, 'member')).toBe(false);
        expect((await chats.findMember(chat.id, owner))?.role).toBe('owner');
      });

      it('returns null and empty lists for unknown chats and non-members', async () => {
        const unknown = newId();
        const chat = await group(newId());
        expect(await chats.findById(unknown)).toBeNull();
        expect(await chats.findMember(chat.id, newId())).toBeNull();
        expect(await chats.listMembers(unknown)).toEqual([]);
        expect(await chats.listMembersOfChats([])).toEqual([]);
        expect(await chats.membershipsOf(newId(), [])).toEqual([]);
        expect(await chats.chatIdsOfUser(newId())).toEqual([]);
      });

      it('lists the members of many chats, and one user’s memberships among them', async () => {
        const [me, other] = [newId(), newId()];
        const mine = await group(me, [other]);
        const theirs = await group(other);
        const direct = (await chats.findOrCreateDirect(me, other, me)).chat;

        const members = await chats.listMembersOfChats([mine.id, theirs.id, mine.id]);
        expect(members.map((m) => `${m.chatId}/${m.userId}`).sort()).toEqual(
          [`${mine.id}/${me}`, `${mine.id}/${other}`, `${theirs.id}/${other}`].sort(),
        );

        const memberships = await chats.membershipsOf(me, [mine.id, theirs.id, direct.id]);
        expect(memberships.map((m) => m.chatId).sort()).toEqual([mine.id, direct.id].sort());
        expect(memberships.every((m) => m.userId === me)).toBe(true);
        expect((await chats.chatIdsOfUser(me)).sort()).toEqual([mine.id, direct.id].sort());
      });
    });

    describe('group changes, each stored with its system message', () => {
      const seqsOf = async (chatId: string) =>
        (await subject.messages.page(chatId, { afterSeq: 0, limit: 100 })).map((m) => [
          m.seq,
          m.system?.type,
        ]);
      const roles = async (chatId: string) =>
        Object.fromEntries((await chats.listMembers(chatId)).map((m) => [m.userId, m.role]));

      it('renames with a `renamed` message, and writes nothing for an unknown chat', async () => {
        const owner = newId();
        const chat = await group(owner, [], 'Before');
        const message = await chats.rename(chat.id, 'After', owner);
        expect(message).toMatchObject({
          chatId: chat.id,
          seq: 2,
          senderId: owner,
          kind: 'system',
          system: { type: 'renamed', actorId: owner, name: 'After' },
        });
        expect(await chats.findById(chat.id)).toMatchObject({
          name: 'After',
          lastSeq: 2,
          lastMessage: { id: message!.id, seq: 2 },
        });
        expect(await chats.rename(newId(), 'Ghost', owner)).toBeNull();
      });

      it('adds members with one message naming those added; nobody new, no message', async () => {
        const [owner, x, y] = [newId(), newId(), newId()];
        const chat = await group(owner, [x]);
        const result = await chats.addMembers(chat.id, [y, x, y, owner], owner);
        expect(result.added).toEqual([y]);
        expect(result.message).toMatchObject({
          seq: 2,
          system: { type: 'members_added', actorId: owner, userIds: [y] },
        });
        expect(await roles(chat.id)).toEqual({ [owner]: 'owner', [x]: 'member', [y]: 'member' });
        const unchanged = await chats.findById(chat.id);
        await tick();
        expect(await chats.addMembers(chat.id, [x, y], owner)).toEqual({
          added: [],
          message: null,
        });
        expect(await chats.addMembers(chat.id, [], owner)).toEqual({ added: [], message: null });
        expect(await chats.addMembers(newId(), [x], owner)).toEqual({ added: [], message: null });
        expect(await chats.findById(chat.id)).toEqual(unchanged);
      });

      it('removes a member with `member_removed`, or `member_left` when they leave', async () => {
        const [owner, x, y] = [newId(), newId(), newId()];
        const chat = await group(owner, [x, y]);
        expect(await chats.removeMember(chat.id, x, owner)).toMatchObject({
          seq: 2,
          senderId: owner,
          system: { type: 'member_removed', actorId: owner, userIds: [x] },
        });
        expect(await chats.removeMember(chat.id, y, y)).toMatchObject({
          seq: 3,
          senderId: y,
          system: { type: 'member_left', actorId: y, userIds: [y] },
        });
        expect(await roles(chat.id)).toEqual({ [owner]: 'owner' });
        // Not a member (any more): nothing written, no seq used.
        expect(await chats.removeMember(chat.id, x, owner)).toBeNull();
        expect(await chats.removeMember(newId(), x, owner)).toBeNull();
        expect((await chats.findById(chat.id))!.lastSeq).toBe(3);
      });

      it('hands ownership to the longest-standing admin, else member, when the owner goes', async () => {
        const [owner, early, late, admin] = [newId(), newId(), newId(), newId()];
        const chat = await group(owner, [early]);
        await tick();
        await chats.addMembers(chat.id, [late], owner);
        await tick();
        await chats.addMembers(chat.id, [admin], owner);
        await chats.setRole(chat.id, admin, 'admin');

        await chats.removeMember(chat.id, owner, owner);
        expect(await roles(chat.id)).toEqual({
          [early]: 'member',
          [late]: 'member',
          [admin]: 'owner',
        });
        await chats.removeMember(chat.id, admin, admin);
        expect(await roles(chat.id)).toEqual({ [early]: 'owner', [late]: 'member' });
        await chats.removeMember(chat.id, early, early);
        await chats.removeMember(chat.id, late, late);
        expect(await roles(chat.id)).toEqual({});
        expect(await seqsOf(chat.id)).toEqual([
          [1, 'chat_created'],
          [2, 'members_added'],
          [3, 'members_added'],
          [4, 'member_left'],
          [5, 'member_left'],
          [6, 'member_left'],
          [7, 'member_left'],
        ]);
      });

      it('removes a member once when two removals race: one message, one seq', async () => {
        const [owner, admin, x] = [newId(), newId(), newId()];
        const chat = await group(owner, [admin, x]);
        await chats.setRole(chat.id, admin, 'admin');
        const results = await Promise.all([
          chats.removeMember(chat.id, x, owner),
          chats.removeMember(chat.id, x, admin),
          chats.removeMember(chat.id, x, x),
        ]);
        expect(results.filter((r) => r !== null)).toHaveLength(1);
        expect(await seqsOf(chat.id)).toHaveLength(2);
        expect(await roles(chat.id)).toEqual({ [owner]: 'owner', [admin]: 'admin' });
      });

      it('leaves exactly one owner when the owner and the only admin leave together', async () => {
        for (let round = 0; round < 5; round++) {
          const [owner, admin, x] = [newId(), newId(), newId()];
          const chat = await group(owner, [admin, x]);
          await chats.setRole(chat.id, admin, 'admin');
          await Promise.all([
            chats.removeMember(chat.id, owner, owner),
            chats.removeMember(chat.id, admin, admin),
          ]);
          expect(await roles(chat.id)).toEqual({ [x]: 'owner' });
        }
      });

      it('stores nothing of a change whose system message the database refuses', async () => {
        const [owner, x, refused, newcomer] = [newId(), newId(), newId(), newId()];
        const chat = await group(owner, [x, refused]);
        await chats.setRole(chat.id, refused, 'admin');
        await subject.refuseMessagesFrom(refused);
        const before = { chat: await chats.findById(chat.id), members: await roles(chat.id) };

        // Each fails after its first write (the name, the member rows, the removal).
        await expect(chats.rename(chat.id, 'Never', refused)).rejects.toThrow();
        await expect(chats.addMembers(chat.id, [newcomer], refused)).rejects.toThrow();
        await expect(chats.removeMember(chat.id, x, refused)).rejects.toThrow();
        await expect(chats.removeMember(chat.id, refused, refused)).rejects.toThrow();
        await expect(
          chats.createGroup({ name: 'Never', createdBy: refused, memberIds: [newcomer] }),
        ).rejects.toThrow();

        expect(await chats.findById(chat.id)).toEqual(before.chat);
        expect(await roles(chat.id)).toEqual(before.members);
        expect(await seqsOf(chat.id)).toEqual([[1, 'chat_created']]);
        expect(await chats.chatIdsOfUser(newcomer)).toEqual([]);
        expect((await chats.chatIdsOfUser(refused)).sort()).toEqual([chat.id]);
      });
    });

    describe('who shares a chat', () => {
      it('returns the candidates who are in a chat with the user, each once, and nobody else', async () => {
        const [me, friend, colleague, stranger] = [newId(), newId(), newId(), newId()];
        await chats.findOrCreateDirect(me, friend, me);
        await group(me, [friend, colleague]);
        await group(stranger, [colleague]);
        const shared = await chats.usersSharingAChatWith(me, [friend, colleague, stranger, me]);
        expect(shared.sort()).toEqual([friend, colleague, me].sort());
        expect(await chats.usersSharingAChatWith(stranger, [me, friend])).toEqual([]);
        expect(await chats.usersSharingAChatWith(me, [])).toEqual([]);
      });
    });

    describe('the chat list', () => {
      const me = newId();
      let all: ChatRecord[];

      beforeAll(async () => {
        // Created at once, so many share a millisecond and the id has to break the tie.
        await Promise.all(Array.from({ length: 23 }, (_, i) => group(me, [], `list-${i}`)));
        await group(newId(), [], 'not mine');
        await chats.findOrCreateDirect(me, newId(), me);
        all = (await chats.pageForUser(me, { limit: 100 })).map((c) => c.chat);
      });

      it('holds only the user’s chats, by last activity then id, newest first', async () => {
        expect(all).toHaveLength(24);
        expect(all.some((c) => c.name === 'not mine')).toBe(false);
        const sorted = [...all].sort(
          (p, q) =>
            q.updatedAt.getTime() - p.updatedAt.getTime() ||
            (q.id < p.id ? -1 : q.id > p.id ? 1 : 0),
        );
        expect(all.map((c) => c.id)).toEqual(sorted.map((c) => c.id));
        const page = await chats.pageForUser(me, { limit: 5 });
        expect(page).toHaveLength(5);
        for (const { chat, member } of page) {
          expect(member).toMatchObject({ chatId: chat.id, userId: me });
        }
      });

      it('pages exactly: every chat once, none skipped, at any page size', async () => {
        for (const limit of [1, 4, 7]) {
          const seen: string[] = [];
          let after: { updatedAt: Date; id: string } | undefined;
          for (;;) {
            const page = await chats.pageForUser(me, { limit, after });
            seen.push(...page.map((c) => c.chat.id));
            if (page.length < limit) break;
            const last = page.at(-1)!.chat;
            after = { updatedAt: last.updatedAt, id: last.id };
          }
          expect(seen).toEqual(all.map((c) => c.id));
        }
      });

      it('moves a chat to the top when it is renamed or its members change', async () => {
        const [owner, guest] = [newId(), newId()];
        const chat = await group(owner, [], 'Old');
        await group(owner, [], 'Newer');
        const top = async () => (await chats.pageForUser(owner, { limit: 1 }))[0].chat;

        await tick();
        expect(await chats.rename(chat.id, 'New', owner)).not.toBeNull();
        const renamed = await top();
        expect(renamed).toMatchObject({ id: chat.id, name: 'New' });
        expect(renamed.updatedAt.getTime()).toBeGreaterThan(chat.updatedAt.getTime());

        await group(owner, [], 'Newest');
        await tick();
        const { added } = await chats.addMembers(chat.id, [guest, owner, guest], owner);
        expect(added).toEqual([guest]);
        expect(await chats.findMember(chat.id, guest)).toMatchObject({ role: 'member' });
        const withGuest = await top();
        expect(withGuest.id).toBe(chat.id);
        expect(withGuest.updatedAt.getTime()).toBeGreaterThan(renamed.updatedAt.getTime());

        await group(owner, [], 'Latest');
        await tick();
        expect(await chats.removeMember(chat.id, guest, owner)).not.toBeNull();
        expect(await chats.findMember(chat.id, guest)).toBeNull();
        const removed = await top();
        expect(removed.id).toBe(chat.id);
        expect(removed.updatedAt.getTime()).toBeGreaterThan(withGuest.updatedAt.getTime());
      });
    });

    describe('read and delivered marks', () => {
      const [sender, reader, late, stranger] = [newId(), newId(), newId(), newId()];
      let chatId: string;

      beforeAll(async () => {
        // Seq 1 is the group's `chat_created`, then two texts: the last seq is 3.
        chatId = (await group(sender, [reader, late])).id;
        for (const text of ['two', 'three']) {
          await subject.messages.append({
            chatId,
            senderId: sender,
            clientMessageId: null,
            kind: 'text',
            text,
            mediaId: null,
            media: null,
            system: null,
            replyToSeq: null,
            mentions: [],
          });
        }
      });

      it('moves the read mark forward only, never past the last message, and delivers too', async () => {
        expect(await chats.markRead(chatId, reader, 2)).toBe(2);
        expect(await chats.findMember(chatId, reader)).toMatchObject({
          lastReadSeq: 2,
          lastDeliveredSeq: 2,
        });
        expect(await chats.markRead(chatId, reader, 1)).toBe(2);
        expect(await chats.markRead(chatId, reader, 99)).toBe(3);
        expect(await chats.findMember(chatId, reader)).toMatchObject({
          lastReadSeq: 3,
          lastDeliveredSeq: 3,
        });
      });

      it('moves the delivered mark alone, forward only and capped, and read raises it', async () => {
        expect(await chats.markDelivered(chatId, late, 1)).toBe(1);
        expect(await chats.markDelivered(chatId, late, 0)).toBe(1);
        expect(await chats.markDelivered(chatId, late, 50)).toBe(3);
        expect(await chats.findMember(chatId, late)).toMatchObject({
          lastReadSeq: 0,
          lastDeliveredSeq: 3,
        });
        expect(await chats.markRead(chatId, late, 1)).toBe(1);
        expect(await chats.findMember(chatId, late)).toMatchObject({
          lastReadSeq: 1,
          lastDeliveredSeq: 3,
        });
      });

      it('returns null for someone who is not a member', async () => {
        expect(await chats.markRead(chatId, stranger, 1)).toBeNull();
        expect(await chats.markDelivered(chatId, stranger, 1)).toBeNull();
        expect(await chats.markRead(newId(), sender, 1)).toBeNull();
      });
    });
  });
}
