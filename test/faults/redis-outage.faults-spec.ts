import { rmSync } from 'node:fs';
import type { AuthSession } from '@app/contracts';
import {
  connectClient,
  createUsers,
  disconnectAll,
  emitAck,
  freePort,
  freshDataDir,
  nextEvent,
  openDirectChat,
  sleep,
  startAppProcess,
  uniqueRedisPrefix,
  type Origin,
  type AppProcess,
} from '@app/testing';
import { PrivateRedis } from './private-redis';
import { appErrors, FAULT_APP_ENV, FaultReport, originOf } from './report';
import {
  auditHistory,
  checkHistory,
  fullHistory,
  getJson,
  percentile,
  ResilientClient,
  tally,
  type SendResult,
} from './traffic';

const OUTAGE_MS = 5000;

interface Probe {
  at: number;
  status: number;
  detail: string;
  ms?: number;
}

describe('Fault: Redis stopped and started while two people chat (single process)', () => {
  let redis: PrivateRedis | undefined;
  let app: AppProcess | undefined;
  let dataDir: string | undefined;
  const clients: ResilientClient[] = [];

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    dataDir = freshDataDir('faults-redis');
    app = await startAppProcess({
      dataDir,
      port: await freePort(),
      env: {
        ...FAULT_APP_ENV,
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: uniqueRedisPrefix('faults'),
      },
    });
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    disconnectAll();
    await app?.stop();
    await redis?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps chat and signed-in HTTP working through a 5 s outage, and recovers presence and readiness', async () => {
    const report = new FaultReport('Redis stopped for 5 s while two people chat');
    const origin: Origin = originOf(app!.url);
    const [ada, bob, cy] = await createUsers(origin, 3);
    const chat = await openChats(origin, ada, bob, cy);
    const a = new ResilientClient('ada', origin, ada);
    const b = new ResilientClient('bob', origin, bob);
    clients.push(a, b);
    expect(await a.ensureConnected()).toBeDefined();
    expect(await b.ensureConnected()).toBeDefined();

    const sends: (SendResult & { sender: string })[] = [];
    const chats: Probe[] = [];
    const readiness: Probe[] = [];
    let running = true;
    const started = Date.now();
    const until = started + 60_000; // every loop ends by then, whatever happens

    // Each person sends one message every 100 ms, each waiting for the previous ack (3 s at most).
    const chatter = (client: ResilientClient) =>
      (async () => {
        for (let i = 0; running && Date.now() < until; i += 1) {
          const clientMessageId = `${client.name}-${i}`;
          const payload = { chatId: chat, clientMessageId, text: `${client.name} says ${i}` };
          sends.push({ ...(await client.send(payload, 3000)), sender: client.name });
          await sleep(100);
        }
      })();
    // Meanwhile, each every 250 ms on its own (a slow probe must not slow the other): a signed-in
    // person's HTTP request, and the readiness probe.
    const probe = (into: Probe[], ask: () => Promise<Probe>) =>
      (async () => {
        while (running && Date.now() < until) {
          into.push(await ask());
          await sleep(250);
        }
      })();
    const listChats = async (): Promise<Probe> => {
      const at = Date.now();
      const res = await getJson(`${origin.url}/api/v1/chats`, ada.accessToken, 3000);
      return { at, status: res.status, detail: `${res.ms} ms` };
    };
    const ready = async (): Promise<Probe> => {
      const at = Date.now();
      const res = await getJson(`${origin.url}/health/ready`, undefined, 5000);
      const kv = (res.body as { checks?: { kv?: { status?: string } } } | null)?.checks?.kv;
      return { at, status: res.status, detail: kv?.status ?? 'no kv check', ms: res.ms };
    };
    const loops = [chatter(a), chatter(b), probe(chats, listChats), probe(readiness, ready)];

    await sleep(3000);
    const downAt = Date.now();
    await redis!.stop();
    await sleep(OUTAGE_MS);
    await redis!.start();
    const upAt = Date.now();

    // Readiness is polled on its own here, so the moment it turns is measured to the 100 ms.
    let readyAt: number | undefined;
    while (!readyAt && Date.now() < upAt + 15_000) {
      if ((await getJson(`${origin.url}/health/ready`, undefined, 3000)).status === 200)
        readyAt = Date.now();
      else await sleep(100);
    }
    await sleep(3000);

    // Presence after the outage: Cy comes online and both others are told so.
    const toAda = a.current
      ? nextEvent(a.current, 'presence', (e) => e.userId === cy.user.id, 5000).then(
          (e) => `presence event online=${String(e.online)}`,
          (error) => String(error),
        )
      : Promise.resolve('Ada had no socket');
    let presenceAsked = 'not asked';
    try {
      await connectClient(origin, cy);
      const bobSocket = b.current;
      if (bobSocket) {
        const answer = await emitAck(bobSocket, 'presence:get', { userIds: [cy.user.id] });
        presenceAsked = answer.ok ? `online=${String(answer.data[0]?.online)}` : answer.error.code;
      }
    } catch (error) {
      presenceAsked = `Cy could not connect or ask: ${String(error)}`;
    }
    const presenceSeen = await toAda;

    running = false;
    await Promise.all(loops);
    await sleep(1000); // the last acks' fan-out
    // An unreadable history is a finding too: reported, and every acknowledged message counts as missing.
    const history = await fullHistory(origin, ada.accessToken, chat).catch((error: unknown) => {
      report.check('the history can be read', false, String(error));
      return [];
    });

    try {
      const phase = (at: number) => (at < downAt ? 'before' : at < upAt ? 'during' : 'after');
      const during = sends.filter((s) => phase(s.at) === 'during');
      const after = sends.filter((s) => phase(s.at) === 'after');
      for (const name of ['before', 'during', 'after']) {
        const here = sends.filter((s) => phase(s.at) === name);
        const ms = here.filter((s) => s.outcome === 'ok').map((s) => s.ms);
        report.note(
          `sends ${name} the outage: ${here.length} (${tally(here.map((s) => s.outcome))}); ack p50 ${percentile(ms, 50)} ms, max ${Math.max(0, ...ms)} ms`,
        );
      }
      const acked = sends.filter((s) => s.outcome === 'ok' && s.message);
      const undelivered = acked.filter(
        (s) => !(s.sender === 'ada' ? b : a).received.has(s.message!.id),
      );
      const chatsDuring = chats.filter((p) => p.at >= downAt && p.at < upAt);
      // Probes answered while Redis was away (one that hangs past the outage shows as not answered).
      const readyDuring = readiness.filter(
        (p) => p.at >= downAt + 200 && p.at + (p.ms ?? 0) < upAt,
      );
      const audit = auditHistory(
        history,
        acked.map((s) => s.message!),
      );
      report.note(
        `Redis down ${upAt - downAt} ms; readiness 200 again ${readyAt ? readyAt - upAt : 'never'} ms after it was back`,
      );
      report.note(
        `history: ${audit.total} messages, max seq ${audit.maxSeq}, ${audit.acked} acknowledged sends`,
      );
      report.note(`the app process stayed up: ${String(app!.alive())} (pid ${app!.child.pid})`);
      for (const line of appErrors(app!)) report.note(line);

      const failedDuring = during.filter((s) => s.outcome !== 'ok');
      report.check(
        'every send during the outage is acknowledged',
        during.length > 0 && failedDuring.length === 0,
        `${during.length - failedDuring.length}/${during.length} ok (${tally(during.map((s) => s.outcome))})`,
      );
      report.check(
        'every send after the outage is acknowledged',
        after.length > 0 && after.every((s) => s.outcome === 'ok'),
        tally(after.map((s) => s.outcome)),
      );
      report.check(
        'every acknowledged message reached the other person live',
        undelivered.length === 0,
        `${acked.length - undelivered.length}/${acked.length} delivered (missing during the outage: ${undelivered.filter((s) => phase(s.at) === 'during').length})`,
      );
      report.check(
        'GET /api/v1/chats keeps answering 200 during the outage',
        chatsDuring.length > 0 && chatsDuring.every((p) => p.status === 200),
        `${tally(chatsDuring.map((p) => `http ${p.status}`))}; slowest ${Math.max(0, ...chatsDuring.map((p) => parseInt(p.detail)))} ms`,
      );
      const chatsAfter = chats.filter((p) => p.at >= upAt);
      report.check(
        'GET /api/v1/chats answers 200 after the outage (sessions kept)',
        chatsAfter.length > 0 && chatsAfter.every((p) => p.status === 200),
        tally(chatsAfter.map((p) => `http ${p.status}`)),
      );
      report.check(
        '/health/ready answers 503 with kv down during the outage',
        readyDuring.length > 0 && readyDuring.every((p) => p.status === 503 && p.detail === 'down'),
        `${tally(readyDuring.map((p) => `${p.status} kv ${p.detail}`))}; answered in ${readyDuring.map((p) => p.ms).join(', ')} ms`,
      );
      report.check(
        '/health/ready is 200 again within ~5 s of Redis being back',
        readyAt !== undefined && readyAt - upAt <= 6000,
        readyAt ? `${readyAt - upAt} ms` : 'not within 15 s',
      );
      report.check(
        'a person coming online afterwards is shown online',
        presenceSeen === 'presence event online=true' && presenceAsked === 'online=true',
        `to Ada: ${presenceSeen}; Bob asked: ${presenceAsked}`,
      );
      checkHistory(report, audit);
      report.check(
        'the app kept running (no restart)',
        app!.alive(),
        app!.alive() ? 'alive' : 'exited',
      );
    } finally {
      report.print();
    }
    expect(report.failed()).toEqual([]);
  });
});

/** Ada and Bob's chat (its id); Cy shares one with each, so both may see Cy's presence. */
async function openChats(
  origin: Origin,
  ada: AuthSession,
  bob: AuthSession,
  cy: AuthSession,
): Promise<string> {
  const chat = await openDirectChat(origin, ada, bob);
  await openDirectChat(origin, cy, ada);
  await openDirectChat(origin, cy, bob);
  return chat.id;
}
