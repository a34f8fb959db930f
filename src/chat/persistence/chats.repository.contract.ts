import { newId } from '@app/database';
import type { ChatRecord } from './chat.records';
import type { ChatsRepository } from './chats.repository';
import type { MessagesRepository } from './messages.repository';

export interface ChatRepositoriesUnderTest {
  chats: ChatsRepository;
  messages: MessagesRepository;
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

    const group = (createdBy: string, memberIds: string[] = [], name = 'Group') =>
      chats.createGroup({ name, createdBy, memberIds });

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
        const chat = await group(owner, [x, y, x, owner], 'Team');
        expect(chat).toMatchObject({ kind: 'group', name: 'Team', createdBy: owner, lastSeq: 0 });
        expect(await chats.findById(chat.id)).toEqual(chat);

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
      });

      it('answers null and empty lists for unknown chats and non-members', async () => {
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

    describe('who shares a chat', () => {
      it('answers the candidates who are in a chat with the user, each once, and nobody else', async () => {
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
        const renamed = await chats.rename(chat.id, 'New');
        expect(renamed).toMatchObject({ id: chat.id, name: 'New' });
        expect(renamed!.updatedAt.getTime()).toBeGreaterThan(chat.updatedAt.getTime());
        expect(await top()).toEqual(renamed);
        expect(await chats.rename(newId(), 'Ghost')).toBeNull();

        await group(owner, [], 'Newest');
        await tick();
        expect(await chats.addMembers(chat.id, [guest, owner, guest], 'admin')).toEqual([guest]);
        expect(await chats.findMember(chat.id, guest)).toMatchObject({ role: 'admin' });
        const added = await top();
        expect(added.id).toBe(chat.id);
        expect(added.updatedAt.getTime()).toBeGreaterThan(renamed!.updatedAt.getTime());

        await tick();
        expect(await chats.addMembers(chat.id, [guest], 'member')).toEqual([]);
        expect(await chats.addMembers(chat.id, [], 'member')).toEqual([]);
        expect((await chats.findById(chat.id))!.updatedAt).toEqual(added.updatedAt);

        await group(owner, [], 'Latest');
        await tick();
        expect(await chats.removeMember(chat.id, guest)).toBe(true);
        expect(await chats.findMember(chat.id, guest)).toBeNull();
        const removed = await top();
        expect(removed.id).toBe(chat.id);
        expect(removed.updatedAt.getTime()).toBeGreaterThan(added.updatedAt.getTime());

        await tick();
        expect(await chats.removeMember(chat.id, guest)).toBe(false);
        expect((await chats.findById(chat.id))!.updatedAt).toEqual(removed.updatedAt);
      });
    });

    describe('read and delivered marks', () => {
      const [sender, reader, late, stranger] = [newId(), newId(), newId(), newId()];
      let chatId: string;

      beforeAll(async () => {
        chatId = (await group(sender, [reader, late])).id;
        for (const text of ['one', 'two', 'three']) {
          await subject.messages.append({
            chatId,
            senderId: sender,
            clientMessageId: null,
            kind: 'text',
            text,
            mediaId: null,
            media: null,
            system: null,
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

      it('answers null for someone who is not a member', async () => {
        expect(await chats.markRead(chatId, stranger, 1)).toBeNull();
        expect(await chats.markDelivered(chatId, stranger, 1)).toBeNull();
        expect(await chats.markRead(newId(), sender, 1)).toBeNull();
      });
    });
  });
}
