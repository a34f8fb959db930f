import { rmSync } from 'node:fs';
import type { AuthSession, ChatMessage } from '@app/contracts';
import {
  freePort,
  freshDataDir,
  openDirectChat,
  registerUser,
  sleep,
  startAppProcess,
  type AppProcess,
} from '@app/testing';
import { appErrors, FAULT_APP_ENV, FaultReport, originOf } from './report';
import {
  auditHistory,
  fullHistory,
  getJson,
  ResilientClient,
  tally,
  type SendResult,
} from './traffic';

const TOTAL = 1000;
/** Sends each client keeps in flight, so that a kill finds several half done. */
const WORKERS_PER_CLIENT = 4;

type Attempt = SendResult & { clientMessageId: string };

describe('Fault: the single process killed with SIGKILL during 1,000 sends with retries', () => {
  let app: AppProcess | undefined;
  let dataDir: string | undefined;
  let port = 0;
  const clients: ResilientClient[] = [];
  // PGlite in DATA_DIR/db and sessions in DATA_DIR: no Redis, as the single process runs alone.
  const start = () => startAppProcess({ dataDir: dataDir!, port, env: FAULT_APP_ENV });

  beforeAll(async () => {
    dataDir = freshDataDir('faults-kill');
    port = await freePort();
    app = await start();
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await app?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing, duplicates nothing, and keeps sessions across the restart', async () => {
    const report = new FaultReport(
      `SIGKILL halfway through ${TOTAL} sends, restart on the same DATA_DIR`,
    );
    const origin = originOf(app!.url);
    const [ada, bob] = [await registerUser(origin), await registerUser(origin)];
    const chatId = (await openDirectChat(origin, ada, bob)).id;
    const pending = new Map<ResilientClient, string[]>();
    for (const session of [ada, bob]) {
      const client = new ResilientClient(session === ada ? 'ada' : 'bob', origin, session);
      clients.push(client);
      const ids = Array.from(
        { length: TOTAL / 2 },
        (_, i) => `${client.name}-${String(i).padStart(4, '0')}`,
      );
      pending.set(client, ids);
    }

    const attempts: Attempt[] = [];
    const acked = new Map<string, ChatMessage>();
    const reAcked: string[] = []; // a second ack for one clientMessageId that named another message
    let killedAt = 0;
    let restartedAt = 0;
    let ackedAtKill = 0;
    let restartError: string | undefined;
    let sessionsRefused = false;
    const started = Date.now();
    const deadline = started + 180_000; // every loop ends by then, whatever happens

    // A client as a real one behaves: any send not acknowledged goes back in its queue and is
    // sent again (same clientMessageId) after a pause, reconnecting with the same token first.
    const worker = async (client: ResilientClient) => {
      const queue = pending.get(client)!;
      while (queue.length > 0 && Date.now() < deadline && !sessionsRefused && !restartError) {
        const clientMessageId = queue.shift()!;
        const result = await client.send({ chatId, clientMessageId, text: clientMessageId }, 5000);
        attempts.push({ ...result, clientMessageId });
        if (result.outcome === 'ok' && result.message) {
          const earlier = acked.get(clientMessageId);
          if (earlier && earlier.id !== result.message.id) reAcked.push(clientMessageId);
          acked.set(clientMessageId, result.message);
          continue;
        }
        queue.push(clientMessageId);
        // A token refused by the restarted process will never be accepted: stop, and report it.
        if (restartedAt && result.outcome === 'no connection' && result.detail === 'unauthorized') {
          sessionsRefused = true;
        }
        await sleep(250);
      }
    };
    const killer = async () => {
      while (acked.size < TOTAL / 2 && Date.now() < deadline) await sleep(5);
      ackedAtKill = acked.size;
      killedAt = Date.now();
      await app!.kill();
      try {
        app = await start();
        restartedAt = Date.now();
      } catch (error) {
        restartError = String(error);
      }
    };
    await Promise.all([
      killer(),
      ...clients.flatMap((client) =>
        Array.from({ length: WORKERS_PER_CLIENT }, () => worker(client)),
      ),
    ]);
    const finishedAt = Date.now();

    // The history is read with Ada's old token; if the restart ended her session, she signs in
    // again so that lost and duplicated messages are still counted.
    let reader: AuthSession = ada;
    const oldToken = await getJson(`${origin.url}/api/v1/users/me`, ada.accessToken);
    if (oldToken.status !== 200) {
      const res = await origin
        .http()
        .post('/api/v1/auth/login')
        .send({ email: ada.user.email, password: ada.password });
      reader = res.body as AuthSession;
    }
    // An unreadable history is a finding too: reported, and every acknowledged message counts as missing.
    const history = await fullHistory(origin, reader.accessToken, chatId).catch(
      (error: unknown) => {
        report.check('the history can be read', false, String(error));
        return [];
      },
    );

    try {
      const ours = history.filter((m) => m.clientMessageId !== null);
      const audit = auditHistory(history, acked.values());
      const ackedBefore = [...acked.values()].filter((m) => Date.parse(m.createdAt) < killedAt);
      const stored = new Set(history.map((m) => m.id));
      const lostBeforeKill = attempts.filter(
        (a) => a.outcome === 'ok' && a.at + a.ms < killedAt && !stored.has(a.message!.id),
      );
      // Stored before the kill, its ack lost with the process: the retry got the original back.
      const committedUnacked = [...acked.values()].filter((m) => {
        const first = attempts.find(
          (a) => a.clientMessageId === m.clientMessageId && a.outcome === 'ok',
        );
        return Date.parse(m.createdAt) < killedAt && first !== undefined && first.at > killedAt;
      });
      const refusals = clients.flatMap((c) =>
        c.connectErrors.filter((e) => e.at > killedAt).map((e) => e.message),
      );
      report.note(
        `${attempts.length} attempts (${tally(attempts.map((a) => a.outcome))}) in ${((finishedAt - started) / 1000).toFixed(1)} s`,
      );
      report.note(
        `killed with ${ackedAtKill} acknowledged; restart took ${restartedAt ? restartedAt - killedAt : 'forever'} ms${restartError ? `: ${restartError.slice(0, 300)}` : ''}`,
      );
      report.note(
        `${committedUnacked.length} messages were stored before the kill but acknowledged only on a retry after it`,
      );
      report.note(
        `handshakes after the kill: ${tally(refusals)} refused; connects per client: ${clients.map((c) => `${c.name} ${c.connects}`).join(', ')}`,
      );
      report.note(
        `history: ${audit.total} messages (${ours.length} with a clientMessageId), ${audit.distinctSeqs} distinct seqs, max seq ${audit.maxSeq}`,
      );
      for (const line of appErrors(app!)) report.note(line);

      report.check(
        'the process restarted on the same DATA_DIR and port',
        restartedAt > 0 && !restartError,
        restartError ?? `after ${restartedAt - killedAt} ms`,
      );
      report.check(
        'clients reconnected with their existing tokens',
        !sessionsRefused &&
          refusals.every((r) => r !== 'unauthorized') &&
          clients.every((c) => c.connects >= 2),
        `${sessionsRefused ? 'tokens refused (unauthorized) after the restart; ' : ''}connects ${clients.map((c) => c.connects).join('/')}`,
      );
      report.check(
        'the old access token still works over HTTP',
        oldToken.status === 200,
        `GET /users/me ${oldToken.status}`,
      );
      report.check(
        `all ${TOTAL} sends acknowledged`,
        acked.size === TOTAL,
        `${acked.size} acknowledged`,
      );
      report.check(
        '0 lost: every acknowledged message is in the history',
        audit.missing.length === 0 && lostBeforeKill.length === 0,
        `${audit.missing.length} missing, of them ${lostBeforeKill.length} acknowledged before the kill (${ackedBefore.length} were); ${ours.length}/${TOTAL} in the history`,
      );
      report.check(
        '0 duplicated: each clientMessageId once, one seq per message',
        audit.duplicated.length === 0 && reAcked.length === 0 && audit.distinctSeqs === audit.total,
        `${audit.duplicated.length} duplicated clientMessageIds, ${reAcked.length} acked as two messages, ${audit.total - audit.distinctSeqs} repeated seqs`,
      );
      report.check(
        'seqs are 1..N with no gap',
        audit.gaps.length === 0 && audit.maxSeq === audit.total,
        `N ${audit.maxSeq}, ${audit.total} messages, gaps at ${audit.gaps.join(',') || 'none'}`,
      );
    } finally {
      report.print();
    }
    expect(report.failed()).toEqual([]);
  });
});
