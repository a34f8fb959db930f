import { randomUUID } from 'node:crypto';
import type { Ack, AuthSession, ChatSyncResult, SyncCursor } from '@app/contracts';
import { MAX_MESSAGES_PAGE } from '@app/contracts';
import {
  ackData,
  bearer,
  clientMessageId,
  connectClient,
  createGroup,
  createPostgresTestDatabase,
  createUsers,
  disconnectAll,
  type ChatClient,
  type PostgresTestDatabase,
  type TestApp,
} from '@app/testing';
import { MAX_SYNC_ANSWER_BYTES } from '../src/chat/chat-sync.service';
import { MAX_CHATS_PAGE } from '../src/chat/dto/chat-requests.dto';
import { MAX_SYNC_ROWS } from '../src/chat/sync-read-plan';
import { Rng } from './adversarial/harness/prng';
import { watchHealth } from './resource-probes';
import { startTestApp } from './test-app';

/**
 * What one account's chat:sync can cost the server, within its budget: the finding's shape (20
 * groups of 101 messages of 4,000 "€", asked for all at once as fast as allowed) and generated
 * shapes. Each answer reads at most MAX_SYNC_ROWS messages and is about MAX_SYNC_ANSWER_BYTES at
 * most, and /health answers within 1 s throughout, on the embedded database and on PostgreSQL.
 * The REST reads (history pages, the change feed, search, the chat list) are bounded by their
 * page limits: generated shapes of them answer within a full page of the largest messages, in
 * under 1 s.
 */

const GROUPS = 20;
const MESSAGES = 101;
const TEXT = '€'.repeat(4000);
/** One message can end an answer past the byte budget (the first always fits). */
const LARGEST_MESSAGE_BYTES = 16 * 1024;
const ATTACK_MS = 6000;
const SHAPES = 30;
/** A page of history at its largest: a full page of the largest messages. */
const LARGEST_PAGE_BYTES = MAX_MESSAGES_PAGE * LARGEST_MESSAGE_BYTES;

/** chat:sync as an attacker sends it: at once again after each answer, waiting out refusals. */
async function syncAsAllowed(socket: ChatClient, cursors: SyncCursor[]): Promise<ChatSyncResult> {
  for (;;) {
    const ack = await new Promise<Ack<ChatSyncResult>>((resolve) =>
      socket.emit('chat:sync', { cursors }, resolve),
    );
    if (ack.ok) return ack.data;
    if (ack.error.code !== 'rate_limited') throw new Error(`chat:sync: ${ack.error.code}`);
    await new Promise((resolve) => setTimeout(resolve, ack.error.retryAfterMs ?? 100));
  }
}

function expectBounded(answer: ChatSyncResult): void {
  const rows = answer.chats.reduce((n, c) => n + c.messages.length + c.changed.length, 0);
  expect(rows).toBeLessThanOrEqual(MAX_SYNC_ROWS);
  const bytes = Buffer.byteLength(JSON.stringify(answer));
  expect(bytes).toBeLessThanOrEqual(MAX_SYNC_ANSWER_BYTES + LARGEST_MESSAGE_BYTES);
}

describe.each([
  ['the embedded database', () => Promise.resolve(undefined)],
  ['PostgreSQL', () => createPostgresTestDatabase()],
] as const)('The cost of one account’s chat:sync, on %s', (_name, openDatabase) => {
  let t: TestApp;
  let database: PostgresTestDatabase | undefined;
  let ada: AuthSession;
  let chatIds: string[];

  beforeAll(async () => {
    database = await openDatabase();
    t = await startTestApp({
      MESSAGE_RATE_LIMIT: '100000',
      RATE_LIMIT_PER_MINUTE: '100000',
      ...(database && { DATABASE_URL: database.url }),
    });
    let bob: AuthSession;
    [ada, bob] = await createUsers(t, 2);
    const sender = await connectClient(t, bob);
    chatIds = [];
    for (let g = 0; g < GROUPS; g += 1) {
      const group = await createGroup(t, bob, [ada]);
      chatIds.push(group.id);
      const sends = Array.from({ length: MESSAGES }, () =>
        ackData(sender, 'message:send', {
          chatId: group.id,
          clientMessageId: clientMessageId(),
          text: TEXT,
        }),
      );
      await Promise.all(sends);
    }
    sender.disconnect();
  }, 120_000);

  afterAll(async () => {
    disconnectAll();
    await t?.close();
    await database?.drop();
  });

  it(`keeps /health under 1 s while 20 full cursors are asked for as fast as allowed (${ATTACK_MS / 1000} s)`, async () => {
    const socket = await connectClient(t, ada);
    const cursors = chatIds.map((chatId) => ({ chatId, afterSeq: 0, afterChangeSeq: 0 }));
    const health = watchHealth(t, 100);
    const answerMs: number[] = [];
    let rows = 0;
    const until = Date.now() + ATTACK_MS;
    while (Date.now() < until) {
      const started = Date.now();
      const answer = await syncAsAllowed(socket, cursors);
      expectBounded(answer);
      rows += answer.chats.reduce((n, c) => n + c.messages.length + c.changed.length, 0);
      answerMs.push(Date.now() - started);
    }
    const slowestHealth = await health.stop();
    console.info(
      `${_name}: ${answerMs.length} answers (${rows} messages) in ${ATTACK_MS} ms, slowest ${Math.max(...answerMs)} ms; /health slowest ${slowestHealth} ms`,
    );
    expect(slowestHealth).toBeLessThan(1000);
    // The budget's burst (1,000) and 250 a second: the rows read are the cost, not the answers.
    expect(rows).toBeLessThanOrEqual(1000 + 250 * (ATTACK_MS / 1000) + MAX_SYNC_ROWS);
  }, 60_000);

  it(`bounds every answer of ${SHAPES} generated request shapes`, async () => {
    const seed = Number(process.env.COST_SEED ?? Date.now() % 1_000_000);
    const rng = new Rng(seed);
    const socket = await connectClient(t, ada);
    const health = watchHealth(t, 100);
    for (let i = 0; i < SHAPES; i += 1) {
      const cursors: SyncCursor[] = Array.from({ length: rng.int(1, 100) }, () => {
        const chatId = rng.chance(0.1) ? randomUUID() : rng.pick(chatIds);
        const afterSeq = rng.int(0, MESSAGES + 5);
        return rng.chance(0.5)
          ? { chatId, afterSeq }
          : { chatId, afterSeq, afterChangeSeq: rng.int(0, MESSAGES + 5) };
      });
      try {
        expectBounded(await syncAsAllowed(socket, cursors));
      } catch (error) {
        throw new Error(`shape ${i} of seed ${seed} (COST_SEED=${seed}): ${String(error)}`);
      }
    }
    expect(await health.stop()).toBeLessThan(1000);
  }, 90_000);

  it(`bounds the REST reads of history, changes, search and the chat list over ${SHAPES} generated shapes each`, async () => {
    const seed = Number(process.env.COST_SEED ?? Date.now() % 1_000_000);
    const rng = new Rng(seed);
    const seq = () => rng.int(0, MESSAGES + 5);
    const shapes = (): string[] => {
      const chatId = rng.pick(chatIds);
      const limit = rng.int(1, MAX_MESSAGES_PAGE);
      const one = rng.pick([
        `beforeSeq=${rng.int(1, MESSAGES + 5)}`,
        `afterSeq=${seq()}`,
        `afterChangeSeq=${seq()}`,
        '',
      ]);
      return [
        `/chats/${chatId}/messages?limit=${limit}&${one}`,
        `/messages/search?q=${encodeURIComponent(rng.pick(['€', '€€€€', 'x', 'm']))}&limit=${rng.int(1, 50)}`,
        `/chats?limit=${rng.int(1, MAX_CHATS_PAGE)}`,
      ];
    };
    const health = watchHealth(t, 100);
    let slowest = 0;
    for (let i = 0; i < SHAPES; i += 1) {
      for (const path of shapes()) {
        const started = Date.now();
        const res = await t.http().get(`/api/v1${path}`).set(bearer(ada));
        slowest = Math.max(slowest, Date.now() - started);
        const context = `${path} (COST_SEED=${seed})`;
        expect([context, res.status]).toEqual([context, 200]);
        expect(Buffer.byteLength(JSON.stringify(res.body))).toBeLessThanOrEqual(LARGEST_PAGE_BYTES);
      }
    }
    console.info(`${_name}: ${SHAPES * 3} REST reads, slowest ${slowest} ms`);
    expect(slowest).toBeLessThan(1000);
    expect(await health.stop()).toBeLessThan(1000);
  }, 90_000);
});
