import { newId } from '@app/database';
import type { BlocksRepository } from '@src/chat/persistence/blocks.repository';

export interface BlocksRepositoriesUnderTest {
  blocks: BlocksRepository;
  /** Creates the pair's direct chat (with the adapter's `ChatsRepository`). */
  openDirectChat(userA: string, userB: string): Promise<void>;
  /** The `blocked` flag of the pair's direct chat as stored; null when they have no chat. */
  isDirectChatBlocked(userA: string, userB: string): Promise<boolean | null>;
  close(): Promise<void>;
}

/** Lets the clock move on, so that two blocks have different dates at millisecond precision. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

const people = (count: number) => Array.from({ length: count }, () => newId());

const sorted = (ids: string[]) => [...ids].sort();

/** The behaviour every `BlocksRepository` adapter must have; run once per reachable database. */
export function describeBlocksRepositoryContract(
  adapter: string,
  open: () => Promise<BlocksRepositoriesUnderTest>,
): void {
  describe(`BlocksRepository contract: ${adapter}`, () => {
    let subject: BlocksRepositoriesUnderTest;
    let blocks: BlocksRepository;

    beforeAll(async () => {
      subject = await open();
      blocks = subject.blocks;
    });

    afterAll(async () => {
      await subject?.close();
    });

    it('records a block once: blocking again changes nothing, the first date stays', async () => {
      const [a, b] = people(2);
      const before = Date.now();
      await blocks.block(a, b);
      const [first] = await blocks.listBlockedBy(a);
      expect(first).toEqual({ blockerId: a, blockedId: b, blockedAt: expect.any(Date) });
      expect(first.blockedAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(first.blockedAt.getTime()).toBeLessThanOrEqual(Date.now());
      await tick();
      await blocks.block(a, b);
      expect(await blocks.listBlockedBy(a)).toEqual([first]);
    });

    it('yields one block for ten concurrent calls', async () => {
      const [a, b] = people(2);
      await Promise.all(Array.from({ length: 10 }, () => blocks.block(a, b)));
      expect(await blocks.listBlockedBy(a)).toEqual([expect.objectContaining({ blockedId: b })]);
    });

    it("lists the people someone blocked, most recent first, and nobody else's blocks", async () => {
      const [a, b, c, d, e] = people(5);
      for (const blocked of [b, c, d]) {
        await blocks.block(a, blocked);
        await tick();
      }
      await blocks.block(e, a);
      await blocks.block(b, c);
      const listed = await blocks.listBlockedBy(a);
      expect(listed.map((r) => r.blockedId)).toEqual([d, c, b]);
      expect(listed.every((r) => r.blockerId === a)).toBe(true);
      const times = listed.map((r) => r.blockedAt.getTime());
      expect(times).toEqual([...times].sort((x, y) => y - x));
      expect(await blocks.listBlockedBy(newId())).toEqual([]);
    });

    it('tells, from either side, who blocked whom', async () => {
      const [a, b] = people(2);
      const none = { iBlocked: false, theyBlocked: false };
      expect(await blocks.between(a, b)).toEqual(none);
      await blocks.block(a, b);
      expect(await blocks.between(a, b)).toEqual({ iBlocked: true, theyBlocked: false });
      expect(await blocks.between(b, a)).toEqual({ iBlocked: false, theyBlocked: true });
      await blocks.block(b, a);
      expect(await blocks.between(a, b)).toEqual({ iBlocked: true, theyBlocked: true });
      expect(await blocks.between(b, a)).toEqual({ iBlocked: true, theyBlocked: true });
      expect(await blocks.between(a, newId())).toEqual(none);
    });

    it('gives the ids someone blocked, and not those who blocked them', async () => {
      const [a, b, c, d] = people(4);
      await blocks.block(a, b);
      await blocks.block(a, c);
      await blocks.block(d, a);
      expect(sorted(await blocks.blockedIdsOf(a))).toEqual(sorted([b, c]));
      expect(await blocks.blockedIdsOf(b)).toEqual([]);
    });

    it('gives the ids of everyone who blocked someone, and not those they blocked', async () => {
      const [x, a, b, c] = people(4);
      await blocks.block(a, x);
      await blocks.block(b, x);
      await blocks.block(x, c);
      await blocks.block(a, c);
      expect(sorted(await blocks.blockerIdsOf(x))).toEqual(sorted([a, b]));
      await blocks.unblock(b, x);
      expect(await blocks.blockerIdsOf(x)).toEqual([a]);
      expect(await blocks.blockerIdsOf(a)).toEqual([]);
    });

    it('finds who among candidates blocked someone, each once', async () => {
      const [x, a, b, c, d] = people(5);
      await blocks.block(a, x);
      await blocks.block(b, x);
      await blocks.block(x, d);
      await blocks.block(c, d);
      expect(sorted(await blocks.blockersAmong(x, [a, b, c, d, a]))).toEqual(sorted([a, b]));
      expect(await blocks.blockersAmong(x, [c, d])).toEqual([]);
      expect(await blocks.blockersAmong(x, [])).toEqual([]);
    });

    it('lists the blocks between members of a group, each once, and none with outsiders', async () => {
      const [a, b, c, outsider] = people(4);
      await blocks.block(a, b);
      await blocks.block(c, a);
      await blocks.block(b, outsider);
      const byBlocker = (p: { blockerId: string }, q: { blockerId: string }) =>
        p.blockerId.localeCompare(q.blockerId);
      expect((await blocks.blocksAmong([a, b, c, a])).sort(byBlocker)).toEqual(
        [
          { blockerId: a, blockedId: b },
          { blockerId: c, blockedId: a },
        ].sort(byBlocker),
      );
      expect(await blocks.blocksAmong([a])).toEqual([]);
    });

    it('unblocks; unblocking again, or someone never blocked, changes nothing', async () => {
      const [a, b, c] = people(3);
      await blocks.block(a, b);
      await blocks.block(a, c);
      await blocks.block(b, a);
      await blocks.unblock(a, b);
      expect(await blocks.between(a, b)).toEqual({ iBlocked: false, theyBlocked: true });
      expect(await blocks.blockedIdsOf(a)).toEqual([c]);
      await blocks.unblock(a, b);
      await blocks.unblock(c, a);
      expect((await blocks.listBlockedBy(a)).map((r) => r.blockedId)).toEqual([c]);
      expect(await blocks.blockedIdsOf(b)).toEqual([a]);
      await blocks.block(a, b);
      expect(await blocks.between(a, b)).toEqual({ iBlocked: true, theyBlocked: true });
    });

    describe("their direct chat's blocked flag", () => {
      it('is set by a block when the chat exists, and cleared by the unblock', async () => {
        const [a, b] = people(2);
        await subject.openDirectChat(a, b);
        expect(await subject.isDirectChatBlocked(a, b)).toBe(false);
        await blocks.block(a, b);
        expect(await subject.isDirectChatBlocked(a, b)).toBe(true);
        await blocks.block(a, b);
        expect(await subject.isDirectChatBlocked(a, b)).toBe(true);
        await blocks.unblock(a, b);
        expect(await subject.isDirectChatBlocked(b, a)).toBe(false);
      });

      it('stays set while the other person still blocks', async () => {
        const [a, b] = people(2);
        await subject.openDirectChat(b, a);
        await blocks.block(a, b);
        await blocks.block(b, a);
        await blocks.unblock(a, b);
        expect(await subject.isDirectChatBlocked(a, b)).toBe(true);
        // Unblocking someone not blocked leaves the other person's block in force too.
        await blocks.unblock(a, b);
        expect(await subject.isDirectChatBlocked(a, b)).toBe(true);
        await blocks.unblock(b, a);
        expect(await subject.isDirectChatBlocked(a, b)).toBe(false);
      });

      it("changes only the pair's chat, and blocks work without one", async () => {
        const [a, b, c] = people(3);
        await subject.openDirectChat(a, c);
        await blocks.block(a, b);
        expect(await subject.isDirectChatBlocked(a, b)).toBeNull();
        expect(await subject.isDirectChatBlocked(a, c)).toBe(false);
        await blocks.block(c, b);
        expect(await subject.isDirectChatBlocked(a, c)).toBe(false);
        await blocks.unblock(a, b);
        expect(await blocks.between(a, b)).toEqual({ iBlocked: false, theyBlocked: false });
      });

      it('starts set on a direct chat created while a block stands, or while one is being made', async () => {
        const [a, b] = people(2);
        await blocks.block(a, b);
        await subject.openDirectChat(b, a);
        expect(await subject.isDirectChatBlocked(a, b)).toBe(true);
        // Created at the same moment as the block: the flag must still end up set.
        const pairs = Array.from({ length: 8 }, () => people(2));
        await Promise.all(
          pairs.flatMap(([c, d]) => [subject.openDirectChat(c, d), blocks.block(c, d)]),
        );
        for (const [c, d] of pairs) expect(await subject.isDirectChatBlocked(c, d)).toBe(true);
      });

      it('stays set when one person blocks while the other, who blocked first, unblocks at once', async () => {
        // The unblock must not read "not blocked back" from before the block commits.
        const pairs = Array.from({ length: 8 }, () => people(2));
        await Promise.all(
          pairs.map(async ([a, b]) => {
            await subject.openDirectChat(a, b);
            await blocks.block(b, a);
          }),
        );
        await Promise.all(pairs.flatMap(([a, b]) => [blocks.block(a, b), blocks.unblock(b, a)]));
        for (const [a, b] of pairs) {
          expect(await blocks.between(a, b)).toEqual({ iBlocked: true, theyBlocked: false });
          expect(await subject.isDirectChatBlocked(a, b)).toBe(true);
        }
      });
    });
  });
}
