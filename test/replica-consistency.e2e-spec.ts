import type { AuthSession, ChatMessage } from '@app/contracts';
import {
  collect,
  connectClient,
  createGroup,
  createUsers,
  disconnectAll,
  nextEvent,
  type TestApp,
} from '@app/testing';
import { messageCalls } from './message-calls';
import { wholeHistory } from './offline-changes';
import { ReplicaClient, settledDifferences } from './replica-clients';
import { runHistory } from './replica-histories';
import type { Person } from './replica-operations';
import { startTestApp } from './test-app';

/**
 * Clients written from docs/realtime.md alone (libs/testing's ChatReplica) end with exactly the
 * server's copy of every message, quotes included, whether they stay online or come and go.
 *
 * REPLICA_SEED replays a run (each history's seed is the run's plus its index, so a failing
 * history replays alone with REPLICA_SEED=<its seed> REPLICA_HISTORIES=1); REPLICA_HISTORIES sets
 * how many; REPLICA_QUOTES=as-sent makes the replicas ignore the quote rules, to see them fail.
 */
const HISTORIES = Number(process.env.REPLICA_HISTORIES ?? 25);
const SEED = Number(process.env.REPLICA_SEED ?? Date.now() % 2 ** 31);
const DERIVE_QUOTES = process.env.REPLICA_QUOTES !== 'as-sent';

describe('Replicas of a chat that follow the documented protocol', () => {
  let t: TestApp;
  let people: Record<Person, AuthSession>;

  beforeAll(async () => {
    t = await startTestApp({ MESSAGE_RATE_LIMIT: '100000' });
    const [ada, bob, cy] = await createUsers(t, 3);
    people = { ada, bob, cy };
  });

  afterEach(() => disconnectAll());

  afterAll(async () => {
    await t.close();
  });

  it('show no deleted text in a quote, though only the original is sent again', async () => {
    const { ada, bob, cy } = people;
    const chat = await createGroup(t, ada, [bob, cy]);
    const [asBob, asAda] = [messageCalls(t, bob), messageCalls(t, ada)];
    const online = new ReplicaClient(t, bob, chat.id, true);
    const offline = new ReplicaClient(t, cy, chat.id, true);
    const ignoring = new ReplicaClient(t, cy, chat.id, false);
    for (const client of [online, offline, ignoring]) {
      await client.connect();
      await client.open();
    }
    const watcher = await connectClient(t, ada);
    const updates = collect(watcher, 'message:updated');
    const sent = async (res: Promise<{ body: unknown }>) => (await res).body as ChatMessage;
    const m1 = await sent(asBob.send(chat.id, { text: 'the plan: 8pm' }).expect(201));
    const reply = await sent(
      asAda.send(chat.id, { text: 'agreed', replyToSeq: m1.seq }).expect(201),
    );
    offline.disconnect();
    await asBob.edit(chat.id, m1.seq, 'the plan: 9pm').expect(200);
    await asBob.remove(chat.id, m1.seq).expect(200);
    // Events of one socket come in order: once this one is in, any about the reply would be too.
    const barrier = nextEvent(watcher, 'message:new');
    await asAda.send(chat.id, { text: 'see you there' }).expect(201);
    await barrier;
    await offline.reconnect('chat:sync');

    const server = await wholeHistory(t, ada, chat.id);
    // The server's view: no quote, at the reply's old changeSeq; only the original announced.
    expect(server.find((m) => m.seq === reply.seq)).toEqual({ ...reply, replyTo: null });
    expect(updates.map(({ message }) => message.seq)).toEqual([m1.seq, m1.seq]);
    expect(await settledDifferences(online.replica!, server)).toEqual([]);
    expect(await settledDifferences(offline.replica!, server)).toEqual([]);
    // A client that keeps quotes as they came still shows the deleted text.
    expect(ignoring.replica!.messages.get(reply.seq)?.replyTo?.text).toBe('the plan: 8pm');
    const stale = await settledDifferences(ignoring.replica!, server, 300);
    expect(stale.map((d) => d.seq)).toEqual([reply.seq]);
  });

  it(`end as the server after generated histories (${HISTORIES}, seed ${SEED})`, async () => {
    const started = Date.now();
    let operations = 0;
    const kinds: Record<string, number> = {};
    const add = (counts: Record<string, number>) =>
      Object.entries(counts).forEach(([kind, n]) => (kinds[kind] = (kinds[kind] ?? 0) + n));
    for (let i = 0; i < HISTORIES; i += 1) {
      const seed = SEED + i;
      const outcome = await runHistory({ t, people, deriveQuotes: DERIVE_QUOTES }, seed);
      operations += outcome.operations;
      add(outcome.kinds);
      add(outcome.catchUps);
      const report = { history: i, seed, online: outcome.online, offline: outcome.offline };
      expect(report).toEqual({ history: i, seed, online: [], offline: [] });
    }
    console.info(
      `Replica histories: ${HISTORIES} histories, ${operations} operations (${JSON.stringify(kinds)}), seed ${SEED}, ${Date.now() - started} ms; replay with REPLICA_SEED=${SEED}`,
    );
  }, 120_000);
});
