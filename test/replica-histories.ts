import type { AuthSession } from '@app/contracts';
import { createGroup, type Origin } from '@app/testing';
import { wholeHistory } from './offline-changes';
import { ReplicaClient, settledDifferences } from './replica-clients';
import {
  nextOperation,
  perform,
  seededRandom,
  type Operation,
  type Person,
} from './replica-operations';

export interface HistoryOptions {
  t: Origin;
  people: Record<Person, AuthSession>;
  /** Whether the replicas apply the quote rules (off only to show the rules are needed). */
  deriveQuotes: boolean;
}

/** What a generated history did, and where each client ended up differing from the server. */
export interface HistoryOutcome {
  operations: number;
  /** Operations by kind, for the report. */
  kinds: Record<string, number>;
  catchUps: ReplicaClient['catchUps'];
  online: Awaited<ReturnType<typeof settledDifferences>>;
  offline: Awaited<ReturnType<typeof settledDifferences>>;
}

/**
 * One history from `seed`, in a new group: Ada (the owner), Bob (online all along, holding the
 * whole history) and Cy (who opens the chat on a small newest page at some point, and comes and
 * goes). 30 to 60 operations: sends, replies to any earlier message (edited, deleted, system),
 * edits, deletions, reactions, Cy's disconnects and catch-ups (chat:sync, or the REST change feed),
 * and now and then more than a page of messages while Cy is away. At the end both clients are
 * compared with the server's history.
 */
export async function runHistory(options: HistoryOptions, seed: number): Promise<HistoryOutcome> {
  const { t, people, deriveQuotes } = options;
  const random = seededRandom(seed);
  const chat = await createGroup(t, people.ada, [people.bob, people.cy]);
  const client = (person: Person) => new ReplicaClient(t, people[person], chat.id, deriveQuotes);
  const bob = client('bob');
  const cy = client('cy');
  await bob.connect();
  await bob.open();
  await cy.connect();
  const messages = new Map((await wholeHistory(t, people.ada, chat.id)).map((m) => [m.seq, m]));
  const ids = { ada: people.ada.user.id, bob: people.bob.user.id, cy: people.cy.user.id };

  const operations = random.int(30, 60);
  // Late enough that most replies Cy holds answer messages older than her first page.
  const cyOpensAt = random.int(Math.floor(operations / 4), Math.floor((operations * 2) / 3));
  let burstAllowed = random.chance(0.3);
  const kinds: Record<string, number> = {};
  for (let n = 0; n < operations; n += 1) {
    if (n === cyOpensAt) {
      if (!cy.connected) await cy.connect();
      await cy.open(random.int(1, 8));
    }
    const situation = { messages, ids, cyConnected: cy.connected, burstAllowed };
    const op: Operation = nextOperation(random, situation, n);
    kinds[op.kind] = (kinds[op.kind] ?? 0) + 1;
    if (op.kind === 'disconnect') cy.disconnect();
    else if (op.kind === 'reconnect') await cy.reconnect(op.by);
    else {
      if (op.kind === 'burst') burstAllowed = false;
      const copies = await perform(t, people[op.by], chat.id, op);
      copies.forEach((m) => messages.set(m.seq, m));
      if (op.by === 'bob') bob.acknowledge(copies);
      if (op.by === 'cy') cy.acknowledge(copies);
    }
  }
  if (!cy.replica) await cy.open(random.int(1, 8));
  if (!cy.connected) await cy.reconnect(random.chance(0.5) ? 'chat:sync' : 'change feed');

  const server = await wholeHistory(t, people.ada, chat.id);
  const [online, offline] = await Promise.all([
    settledDifferences(bob.replica!, server),
    settledDifferences(cy.replica!, server),
  ]);
  bob.disconnect();
  cy.disconnect();
  return { operations, kinds, catchUps: cy.catchUps, online, offline };
}
