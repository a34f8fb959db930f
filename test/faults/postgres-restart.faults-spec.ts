import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatMessage, SendMessagePayload } from '@app/contracts';
import {
  createUsers,
  freePort,
  openDirectChat,
  sleep,
  startAppProcess,
  type AppProcess,
} from '@app/testing';
import { PrivatePostgres } from './private-postgres';
import { appErrors, FAULT_APP_ENV, FaultReport, originOf } from './report';
import {
  auditHistory,
  checkHistory,
  fullHistory,
  getJson,
  ResilientClient,
  restSend,
  tally,
  type SendResult,
} from './traffic';

const OUTAGE_MS = 3000;
/** What a send may answer while the database is away: stored, or "try again". */
const ACCEPTABLE = new Set(['ok', 'unavailable', 'http 503']);

type Attempt = SendResult & { sender: string; clientMessageId: string };

describe('Fault: PostgreSQL restarted under continuous sends (single process)', () => {
  let pg: PrivatePostgres | undefined;
  let app: AppProcess | undefined;
  let dataDir: string | undefined;
  let socketClient: ResilientClient | undefined;

  beforeAll(async () => {
    pg = await PrivatePostgres.start();
    // Sessions, outbox and uploads; the messages live in the private PostgreSQL.
    dataDir = mkdtempSync(join(tmpdir(), 'chat-faults-pg-app-'));
    app = await startAppProcess({
      dataDir,
      port: await freePort(),
      env: { ...FAULT_APP_ENV, DATABASE_URL: pg.url },
    });
  });

  afterAll(async () => {
    socketClient?.close();
    await app?.stop();
    await pg?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers unavailable/503 (never internal/500) while it is down, recovers by itself, loses and duplicates nothing', async () => {
    const report = new FaultReport('PostgreSQL restarted during continuous sends with retries');
    const origin = originOf(app!.url);
    const [ada, bob] = await createUsers(origin, 2);
    const chatId = (await openDirectChat(origin, ada, bob)).id;
    const socket = new ResilientClient('ada', origin, ada);
    socketClient = socket;
    expect(await socket.ensureConnected()).toBeDefined();

    // Ada sends over Socket.IO, Bob over REST; both retry a failed send with the same id.
    const senders = {
      'ada (socket)': (p: SendMessagePayload) => socket.send(p, 5000),
      'bob (REST)': (p: SendMessagePayload) => restSend(origin, bob, p, 5000),
    };
    const attempts: Attempt[] = [];
    const acked = new Map<string, ChatMessage>();
    let running = true;
    const until = Date.now() + 90_000; // every loop ends by then, whatever happens

    /** One message, sent until acknowledged: at most 150 attempts, 200 ms apart, 30 s. */
    const sendReliably = async (sender: keyof typeof senders, clientMessageId: string) => {
      const payload = { chatId, clientMessageId, text: `${sender} ${clientMessageId}` };
      const giveUp = Math.min(until, Date.now() + 30_000);
      for (let n = 0; n < 150 && Date.now() < giveUp && app!.alive(); n += 1) {
        const result = await senders[sender](payload);
        attempts.push({ ...result, sender, clientMessageId });
        if (result.outcome === 'ok' && result.message) {
          acked.set(clientMessageId, result.message);
          return;
        }
        await sleep(200);
      }
    };
    const loop = (sender: keyof typeof senders, prefix: string) =>
      (async () => {
        for (let i = 0; running && Date.now() < until && i < 2000; i += 1) {
          await sendReliably(sender, `${prefix}-${i}`);
          await sleep(50);
        }
      })();
    const readiness: { at: number; status: number; database: string }[] = [];
    const probing = (async () => {
      while (running && Date.now() < until) {
        const at = Date.now();
        const res = await getJson(`${origin.url}/health/ready`, undefined, 5000);
        const db = (res.body as { checks?: { database?: { status?: string } } } | null)?.checks;
        readiness.push({ at, status: res.status, database: db?.database?.status ?? 'no check' });
        await sleep(250);
      }
    })();
    const loops = [loop('ada (socket)', 'ada'), loop('bob (REST)', 'bob'), probing];

    await sleep(3000);
    const downAt = Date.now();
    await pg!.stop();
    const stoppedAt = Date.now();
    await sleep(OUTAGE_MS);
    await pg!.start();
    const upAt = Date.now();

    let readyAt: number | undefined;
    while (!readyAt && Date.now() < upAt + 20_000) {
      const res = await getJson(`${origin.url}/health/ready`, undefined, 3000);
      if (res.status === 200) readyAt = Date.now();
      else await sleep(100);
    }
    await sleep(3000);
    running = false;
    await Promise.all(loops);

    // A retry of an already acknowledged send, long after: the original comes back, nothing new.
    const resent: string[] = [];
    for (const [sender, prefix] of [
      ['ada (socket)', 'ada'],
      ['bob (REST)', 'bob'],
    ] as const) {
      const ids = [...acked.keys()].filter((id) => id.startsWith(`${prefix}-`));
      for (const clientMessageId of [
        ids[0],
        ids[Math.floor(ids.length / 2)],
        ids[ids.length - 1],
      ]) {
        if (!clientMessageId) continue;
        const original = acked.get(clientMessageId)!;
        const again = await senders[sender]({ chatId, clientMessageId, text: 'again' });
        const same = again.message?.id === original.id && again.message?.seq === original.seq;
        const status = sender === 'bob (REST)' ? ` ${again.detail}` : '';
        if (!same || (sender === 'bob (REST)' && again.detail !== '200'))
          resent.push(`${clientMessageId}: ${again.outcome}${status} seq ${again.message?.seq}`);
      }
    }
    // An unreadable history is a finding too: reported, and every acknowledged message counts as missing.
    const history = await fullHistory(origin, ada.accessToken, chatId).catch((error: unknown) => {
      report.check('the history can be read', false, String(error));
      return [];
    });

    try {
      const during = attempts.filter((a) => a.at >= downAt && a.at < upAt);
      const bad = attempts.filter((a) => !ACCEPTABLE.has(a.outcome));
      const retried = new Set(
        attempts.filter((a) => a.outcome !== 'ok').map((a) => a.clientMessageId),
      );
      const audit = auditHistory(history, acked.values());
      const firstOk = (sender: string) =>
        attempts.find((a) => a.sender === sender && a.at >= upAt && a.outcome === 'ok');
      report.note(`PostgreSQL stopping took ${stoppedAt - downAt} ms, down ${upAt - stoppedAt} ms`);
      report.note(
        `${attempts.length} attempts for ${acked.size} acknowledged messages; ${retried.size} messages needed a retry`,
      );
      for (const sender of Object.keys(senders)) {
        const mine = attempts.filter((a) => a.sender === sender);
        report.note(`${sender}: ${tally(mine.map((a) => a.outcome))}`);
      }
      report.note(`attempts during the outage: ${tally(during.map((a) => a.outcome))}`);
      report.note(
        `readiness while down: ${tally(readiness.filter((r) => r.at >= stoppedAt && r.at < upAt).map((r) => `${r.status} database ${r.database}`))}`,
      );
      report.note(`history: ${audit.total} messages, max seq ${audit.maxSeq}`);
      for (const line of appErrors(app!)) report.note(line);

      report.check(
        'no send is answered internal or 500',
        !bad.some((a) => a.outcome === 'internal' || a.outcome === 'http 500'),
        `${bad.filter((a) => a.outcome === 'internal' || a.outcome === 'http 500').length} such answers, first: ${bad.find((a) => a.outcome === 'internal' || a.outcome === 'http 500')?.detail ?? 'none'}`,
      );
      report.check(
        'every send is answered: stored, unavailable or 503 (no hang, no dropped socket)',
        bad.length === 0,
        bad.length === 0
          ? 'all answered so'
          : `${tally(bad.map((a) => a.outcome))}; first: ${bad[0].detail ?? ''}`,
      );
      report.check(
        'the outage was felt (some sends refused while it lasted)',
        during.some((a) => a.outcome !== 'ok'),
        tally(during.map((a) => a.outcome)),
      );
      for (const sender of Object.keys(senders)) {
        const first = firstOk(sender);
        const recovered = first ? first.at + first.ms - upAt : undefined;
        report.check(
          `${sender} sends again within 10 s of PostgreSQL being back`,
          recovered !== undefined && recovered <= 10_000,
          recovered === undefined ? 'never' : `${recovered} ms`,
        );
      }
      report.check(
        '/health/ready is 200 again within 10 s, without a restart',
        readyAt !== undefined && readyAt - upAt <= 10_000 && app!.alive(),
        `${readyAt ? `${readyAt - upAt} ms` : 'not within 20 s'}; app ${app!.alive() ? 'alive' : 'exited'}`,
      );
      checkHistory(report, audit);
      report.check(
        'a retried clientMessageId answers the original (REST: 200), never a new message',
        resent.length === 0,
        resent.length === 0 ? '6 resends answered the originals' : resent.join('; '),
      );
    } finally {
      report.print();
    }
    expect(report.failed()).toEqual([]);
  });
});
