import type { AuthSession, ChatMessage } from '@app/contracts';
import type { Origin } from '@app/testing';
import { messageCalls } from './message-calls';

/** mulberry32: a small seeded generator, so that a history can be replayed from its seed. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}

export type Random = ReturnType<typeof seededRandom>;

/** Ada owns the group and makes most of the activity; Bob stays online; Cy comes and goes. */
export type Person = 'ada' | 'bob' | 'cy';

export type Operation =
  | { kind: 'send'; by: Person; text: string }
  | { kind: 'reply'; by: Person; text: string; to: number; refused: boolean }
  | { kind: 'edit'; by: Person; seq: number; text: string }
  | { kind: 'delete'; by: Person; seq: number }
  | { kind: 'react'; by: Person; seq: number; emoji: string; add: boolean }
  | { kind: 'burst'; by: Person; count: number }
  | { kind: 'disconnect' }
  | { kind: 'reconnect'; by: 'chat:sync' | 'change feed' };

/** What the next operation may be: the chat as the server answered so far, and Cy's state. */
export interface Situation {
  /** The server's copy of every message, from the answers to the operations. */
  messages: ReadonlyMap<number, ChatMessage>;
  ids: Record<Person, string>;
  cyConnected: boolean;
  /** A burst of over a page of messages while Cy is away makes her catch-up take several answers. */
  burstAllowed: boolean;
}

const EMOJI = ['👍', '❤️', '😂', '🎉'];
const WORDS = ['see you at 8', 'which one?', 'ça va', 'ok 👍', 'on my way'];
/** Long texts mix letters, accents, emoji and joined emoji, so quotes are cut as the server cuts. */
const PIECES = ['a', 'é', 'e\u0301', '🎉', '👩‍👩‍👧', 'z', ' '];

export function textOf(random: Random, n: number): string {
  if (!random.chance(0.25)) return `${random.pick(WORDS)} #${n}`;
  const length = random.int(190, 240);
  return `#${n} ${Array.from({ length }, () => random.pick(PIECES)).join('')}.`;
}

/** A random next step; only targets the server accepts, but for replies to deleted messages. */
export function nextOperation(random: Random, s: Situation, n: number): Operation {
  const by = random.pick<Person>(['ada', 'ada', 'bob', 'cy']);
  const all = [...s.messages.values()];
  const live = all.filter((m) => !m.deletedAt && m.kind !== 'system');
  const roll = random.int(1, 100);
  if (roll <= 10) return s.cyConnected ? { kind: 'disconnect' } : reconnect(random);
  if (roll <= 11 && s.burstAllowed && !s.cyConnected) {
    return { kind: 'burst', by: 'ada', count: random.int(101, 110) };
  }
  if (roll <= 35) {
    const to = random.pick(all);
    return { kind: 'reply', by, text: textOf(random, n), to: to.seq, refused: !!to.deletedAt };
  }
  if (roll <= 52) {
    const mine = live.filter((m) => m.senderId === s.ids[by]);
    if (mine.length > 0)
      return { kind: 'edit', by, seq: random.pick(mine).seq, text: textOf(random, n) };
  } else if (roll <= 64) {
    // Ada owns the group: she may delete anyone's message; deleting twice changes nothing.
    const deletable = all.filter(
      (m) => m.kind !== 'system' && (by === 'ada' || m.senderId === s.ids[by]),
    );
    if (deletable.length > 0) return { kind: 'delete', by, seq: random.pick(deletable).seq };
  } else if (roll <= 84 && live.length > 0) {
    const target = random.pick(live);
    const emoji = random.pick(EMOJI);
    const mine = target.reactions.some((r) => r.emoji === emoji && r.userIds.includes(s.ids[by]));
    return { kind: 'react', by, seq: target.seq, emoji, add: !mine };
  }
  return { kind: 'send', by, text: textOf(random, n) };
}

const reconnect = (random: Random): Operation => ({
  kind: 'reconnect',
  by: random.chance(0.5) ? 'chat:sync' : 'change feed',
});

/**
 * Does a person's operation over REST, expecting the documented answer; answers the copies of
 * messages it returned (none for a refused reply).
 */
export async function perform(
  t: Origin,
  session: AuthSession,
  chatId: string,
  op: Extract<Operation, { by: Person }>,
): Promise<ChatMessage[]> {
  const calls = messageCalls(t, session);
  const copy = async (res: Promise<{ body: unknown }>) => [(await res).body as ChatMessage];
  switch (op.kind) {
    case 'send':
      return copy(calls.send(chatId, { text: op.text }).expect(201));
    case 'reply':
      if (op.refused) {
        await calls.send(chatId, { text: op.text, replyToSeq: op.to }).expect(400);
        return [];
      }
      return copy(calls.send(chatId, { text: op.text, replyToSeq: op.to }).expect(201));
    case 'edit':
      return copy(calls.edit(chatId, op.seq, op.text).expect(200));
    case 'delete':
      return copy(calls.remove(chatId, op.seq).expect(200));
    case 'react':
      return copy((op.add ? calls.react : calls.unreact)(chatId, op.seq, op.emoji).expect(200));
    case 'burst': {
      const sent: ChatMessage[] = [];
      for (let i = 0; i < op.count; i += 1) {
        sent.push(...(await copy(calls.send(chatId, { text: `burst ${i}` }).expect(201))));
      }
      return sent;
    }
  }
}
