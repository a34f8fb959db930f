import type { Ack } from '@app/contracts';
import {
  connectClient,
  createUsers,
  emitAck,
  LocalPushService,
  openDirectChat,
  sampleImage,
} from '@app/testing';
import { CLIENT_EVENT_NAMES } from './generators/socket-cases';
import { FuzzRun } from './harness/fuzz-runner';
import { fetchOpenApi, listOperations } from './harness/openapi';
import { caseCountFromEnv, seedFromEnv } from './harness/prng';
import { originOf } from './harness/world-seed';

/**
 * Seeded, generated adversarial input against the real app: bad input of any shape gets a 4xx, a
 * 500 is a bug, and nothing a client sends ends the process (docs/architecture.md#hostile-clients).
 * Cases come from the app's own OpenAPI document and the realtime event catalogue, so new routes
 * and events are fuzzed the day they land. FUZZ_SEED replays a run, FUZZ_CASES=200000 runs longer,
 * FUZZ_ONLY=12,40 replays single cases.
 */
const SEED = seedFromEnv();
const CASES = caseCountFromEnv(10_000);
const ONLY = process.env.FUZZ_ONLY
  ? new Set(process.env.FUZZ_ONLY.split(',').map(Number))
  : undefined;
/** Two cores shared with the app: more in flight only queues up in the app's event loop. */
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 16);
/**
 * Every run does all its cases (at least 10,000 in CI, however loaded the machine); a local run
 * may cap its time with FUZZ_TIME_BUDGET_S: past it no new case starts, and the summary says so.
 */
const TIME_BUDGET_MS = 1000 * Number(process.env.FUZZ_TIME_BUDGET_S ?? 0);
const MESSAGE_RATE_LIMIT = 200;

/** Limits high enough not to hide a bug behind a 429; the message budget is checked on its own below. */
const APP_ENV = {
  RATE_LIMIT_PER_MINUTE: '1000000',
  AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
  MEDIA_UPLOADS_PER_MINUTE: '100000',
  MESSAGE_RATE_LIMIT: String(MESSAGE_RATE_LIMIT),
  MESSAGE_RATE_WINDOW: '30s',
};

/**
 * The routes and client events no case reached: with thousands of cases each gets a hundred or
 * so, so any here means the generators stopped picking it up (none when only some cases run).
 */
function unreached(run: FuzzRun, targets: string[]): string[] {
  if (ONLY || run.stats.outOfTime) return [];
  return targets.filter((target) => !run.stats.byTarget.has(target));
}

/** `POST /x 175 (400×150, 201×12, 401×13)`: how a target answered, most frequent first. */
function answersTo(run: FuzzRun, target: string): string {
  const answers = [...(run.stats.answers.get(target) ?? new Map<string, number>())]
    .sort((a, b) => b[1] - a[1])
    .map(([label, n]) => `${label}×${n}`);
  return `${target} ${run.stats.byTarget.get(target) ?? 0} (${answers.join(', ')})`;
}

/** The fewest cases any of `targets` got, for the summary. */
function fewest(run: FuzzRun, targets: string[]): string {
  const counts = targets.map((target) => ({ target, n: run.stats.byTarget.get(target) ?? 0 }));
  const least = counts.sort((a, b) => a.n - b.n)[0];
  return least ? `${least.target} with ${least.n}` : 'none';
}

function summary(run: FuzzRun, operations: number, bootMs: number, casesMs: number): string {
  const { stats } = run;
  const { http, socket, handshake } = stats.byFamily;
  const stopped = stats.outOfTime ? `, STOPPED at the ${TIME_BUDGET_MS / 1000} s time budget` : '';
  return (
    `\nfuzz seed ${SEED}: ${stats.run} cases (${http} HTTP over ${operations} operations, ` +
    `${socket} socket events, ${handshake} handshakes), ${stats.skipped} skipped after a crash${stopped}; ` +
    `${stats.crashes} crash(es), ${(stats.recoveryMs / 1000).toFixed(1)} s recovering; boot ` +
    `${(bootMs / 1000).toFixed(1)} s, cases ${(casesMs / 1000).toFixed(1)} s (${Math.round(stats.run / (casesMs / 1000))}/s)\n`
  );
}

describe(`Adversarial fuzz (seed ${SEED}, ${CASES} cases)`, () => {
  let run: FuzzRun;
  /** The app the fuzz ended on, if it is alive. */
  let url: string | undefined;
  /** Where the apps may send Web Push (PUSH_TEST_ORIGINS): the fuzz user's devices are here. */
  let push: LocalPushService | undefined;

  afterAll(async () => {
    await run?.close();
    await push?.close();
  });

  it(
    'answers every generated request, event and handshake without a 5xx, an internal error, a leak or a crash',
    async () => {
      const png = await sampleImage('image/png');
      push = await LocalPushService.start();
      run = new FuzzRun(
        {
          seed: SEED,
          cases: CASES,
          only: ONLY,
          concurrency: CONCURRENCY,
          timeBudgetMs: TIME_BUDGET_MS,
          images: { png },
          push,
        },
        { ...APP_ENV, PUSH_TEST_ORIGINS: push.origin },
      );
      const started = Date.now();
      const first = await run.firstApp();
      const booted = Date.now();
      const operations = listOperations(await fetchOpenApi(first.url), first.ready?.handlers ?? []);
      const last = await run.run(first, operations);
      process.stdout.write(summary(run, operations.length, booted - started, Date.now() - booted));
      const targets = [
        ...operations.map((op) => `${op.method} ${op.path}`),
        ...CLIENT_EVENT_NAMES.map((event) => `socket ${event}`),
      ];
      process.stdout.write(
        `fewest cases: ${fewest(run, targets)}; Web Push: ${targets
          .filter((target) => /push|visibility/.test(target))
          .map((target) => answersTo(run, target))
          .join('; ')}\n`,
      );
      const end = { target: 'app process', caseIndex: -1, example: 'GET /health', observed: '-' };
      if (!last.app.alive) run.findings.add({ ...end, problem: 'not alive at the end' });
      else if (!(await last.app.healthy(1_000)))
        run.findings.add({ ...end, problem: 'GET /health not 200 within 1 s at the end' });
      else url = last.app.url;
      if (run.findings.size > 0) throw new Error(run.findings.report('Adversarial fuzz'));
      expect(run.stats.run).toBeGreaterThan(0);
      expect(unreached(run, targets)).toEqual([]);
    },
    120_000 + CASES * 10,
  );

  it('answers a burst over the per-user message budget with rate_limited, never internal', async () => {
    if (!url) throw new Error('the app did not survive the fuzz run');
    const t = originOf(url);
    const [ada, bob] = await createUsers(t, 2);
    const chat = await openDirectChat(t, ada, bob);
    const socket = await connectClient(t, ada);
    const acks: Array<Ack<unknown>> = [];
    for (let sent = 0; sent < MESSAGE_RATE_LIMIT + 20; sent += 20) {
      const batch = Array.from({ length: 20 }, (_, i) =>
        emitAck(socket, 'message:send', {
          chatId: chat.id,
          clientMessageId: `burst-${sent + i}`,
          text: 'burst',
        }),
      );
      acks.push(...(await Promise.all(batch)));
    }
    socket.disconnect();
    const codes = acks.map((ack) => (ack.ok ? 'ok' : ack.error.code));
    expect(codes).not.toContain('internal');
    // The window starts at the first send, so all 220 fit in it unless the machine crawls.
    expect(codes.filter((code) => code === 'ok').length).toBeLessThanOrEqual(MESSAGE_RATE_LIMIT);
    const limited = acks.flatMap((ack) =>
      !ack.ok && ack.error.code === 'rate_limited' ? [ack.error] : [],
    );
    expect(limited.length).toBeGreaterThan(0);
    for (const error of limited) expect(error.retryAfterMs).toBeGreaterThan(0);
  }, 60_000);
});
