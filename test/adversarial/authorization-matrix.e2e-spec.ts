import type { Socket } from 'socket.io-client';
import { UNAUTHORIZED_CONNECT_ERROR, type Ack } from '@app/contracts';
import { bearer, type Origin } from '@app/testing';
import { ChildApp } from './harness/child-app';
import {
  fetchOpenApi,
  listOperations,
  undocumentedHandlers,
  type Operation,
} from './harness/openapi';
import { RawHttp, type RawRequest } from './harness/raw-http';
import { connectSocket, emitWithAck } from './harness/socket-pool';
import { originOf, sendText } from './harness/world-seed';
import { eventCells, REFUSALS, targetsChat, validRequest, type Aim } from './matrix/cells';
import {
  authHeaders,
  badCredentials,
  type BadCredential,
  type Transport,
} from './matrix/credentials';
import { MatrixReport } from './matrix/report';
import { leakedMarkers, seedMatrixWorld, type MatrixWorld } from './matrix/world';

/**
 * Who may do what, generated from the OpenAPI document and the event catalogue (a new route or
 * event is covered the day it lands): every protected route and client event × every credential
 * that must not work, and every chat route and event × people outside the chat. Refused means 401
 * (or `connect_error` unauthorized) for bad credentials and 403/404 (or an ack error) for
 * outsiders; and no answer or pushed event ever holds the chat's marker strings.
 */
describe('Authorization matrix', () => {
  const report = new MatrixReport();
  const app = new ChildApp({
    RATE_LIMIT_PER_MINUTE: '1000000',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  let t: Origin;
  let http: RawHttp;
  let operations: Operation[];
  let world: MatrixWorld;
  let credentials: BadCredential[];
  const sockets: Socket[] = [];
  /** Everything pushed to the outsiders' sockets during the whole run. */
  const pushed: string[] = [];
  /** And to a member's: the control that shows the listening works. */
  const pushedToMember: string[] = [];

  beforeAll(async () => {
    const ready = await app.start();
    t = originOf(app.url);
    http = new RawHttp(app.url, 8);
    operations = listOperations(await fetchOpenApi(app.url), ready.handlers);
    world = await seedMatrixWorld(t);
    credentials = await badCredentials(t, ready.accessSecret, world.owner, world.outsider);
    for (const [person, into] of [
      [world.outsider, pushed],
      [world.removed, pushed],
      [world.member, pushedToMember],
    ] as const) {
      const socket = await connectSocket(app.url, person.accessToken);
      socket.onAny((event: string, ...args: unknown[]) =>
        into.push(`${event} ${JSON.stringify(args)}`),
      );
      sockets.push(socket);
    }
  }, 60_000);

  afterAll(async () => {
    process.stdout.write(
      `\nauthorization matrix: ${report.cells} cells checked, ${report.failedTotal} failed\n`,
    );
    sockets.forEach((socket) => socket.close());
    http?.close();
    await app.stop();
  });

  const protectedOps = () => operations.filter((op) => !op.isPublic);
  const transportsOf = (c: BadCredential): Transport[] =>
    c.token === undefined ? ['bearer'] : ['bearer', 'cookie'];
  const aims = (): Array<{ who: string; token: string; aim: Aim }> => [
    {
      who: 'non-member',
      token: world.outsider.accessToken,
      aim: { chatId: world.group.id, memberId: world.member.user.id },
    },
    {
      who: 'non-member',
      token: world.outsider.accessToken,
      aim: { chatId: world.direct.id, memberId: world.member.user.id },
    },
    {
      who: 'removed member',
      token: world.removed.accessToken,
      aim: { chatId: world.group.id, memberId: world.member.user.id },
    },
  ];
  const shown = (req: RawRequest) => `${req.method} ${req.path}`;
  const leaks = (text: string, req: string) => leakedMarkers(world.markers, text, req);

  /** Runs `work` over `items`, 8 at a time: the app has one core to answer on. */
  async function inBatches<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
    for (let i = 0; i < items.length; i += 8) await Promise.all(items.slice(i, i + 8).map(work));
  }

  it('knows which routes are public, from the route metadata, and every route handler is in the document', () => {
    const publicOps = operations.filter((op) => op.isPublic).map((op) => `${op.method} ${op.path}`);
    process.stdout.write(`\npublic routes (no credentials needed): ${publicOps.join(', ')}\n`);
    expect(publicOps.length).toBeGreaterThan(0);
    expect(protectedOps().length).toBeGreaterThan(0);
    expect(undocumentedHandlers(operations, app.ready?.handlers ?? [])).toEqual([]);
  });

  it('answers 401 to every protected route for every bad credential, by header and by cookie', async () => {
    const cells = protectedOps().flatMap((op) =>
      credentials.flatMap((c) => transportsOf(c).map((transport) => ({ op, c, transport }))),
    );
    await inBatches(cells, async ({ op, c, transport }) => {
      const req = validRequest(
        op,
        { chatId: world.group.id, memberId: world.member.user.id },
        authHeaders(c.token, transport),
      );
      const res = await http.send(req);
      const leaked = leaks(res.text, JSON.stringify(req));
      report.check(
        res.status === 401 && leaked.length === 0,
        `${c.kind} not refused with 401`,
        `${op.method} ${op.path} (${transport}): ${res.status} ${res.text.slice(0, 200)}`,
      );
    });
    report.throwIfFailed('Bad credentials on REST');
  });

  it('refuses every chat route to a non-member and to a removed member with 403 or 404', async () => {
    const cells = operations
      .filter((op) => !op.isPublic && targetsChat(op))
      .flatMap((op) => aims().map((a) => ({ op, ...a })));
    expect(cells.length).toBeGreaterThan(0);
    await inBatches(cells, async ({ op, who, token, aim }) => {
      const req = validRequest(op, aim, { authorization: `Bearer ${token}` });
      const res = await http.send(req);
      const mustRefuse = op.documentedStatuses.includes(403) || op.documentedStatuses.includes(404);
      const refused = !mustRefuse || res.status === 403 || res.status === 404;
      const leaked = leaks(res.text, JSON.stringify(req));
      report.check(
        refused && leaked.length === 0,
        `${who} not refused (or shown the chat)`,
        `${op.method} ${op.path} as ${shown(req)}: ${res.status} ${res.text.slice(0, 200)}${leaked.length ? ` [leaks ${leaked.join(', ')}]` : ''}`,
      );
    });
    report.throwIfFailed('Outsiders on REST');
  });

  it('refuses the socket handshake for every bad credential, whichever event would follow', async () => {
    const cells = eventCells({ chatId: world.group.id, memberId: world.member.user.id }, [
      world.member.user.id,
    ]).flatMap((e) =>
      credentials.flatMap((c) => transportsOf(c).map((transport) => ({ e, c, transport }))),
    );
    await inBatches(cells, async ({ e, c, transport }) => {
      const token = transport === 'bearer' ? c.token : undefined;
      const headers = transport === 'cookie' ? authHeaders(c.token, 'cookie') : undefined;
      const outcome = await connectSocket(app.url, token, 5_000, headers).then(
        async (socket) => {
          const ack = await emitWithAck(socket, e.event, [e.payload], 2_000);
          socket.close();
          return `connected; ${e.event} answered ${JSON.stringify(ack)}`;
        },
        (error: Error) => error.message,
      );
      report.check(
        outcome === UNAUTHORIZED_CONNECT_ERROR,
        `${c.kind} not refused at the socket handshake`,
        `${e.event} (${transport === 'bearer' ? 'auth.token' : 'cookie'}): ${outcome}`,
      );
    });
    report.throwIfFailed('Bad credentials on the socket');
  });

  it('refuses every client event on the chat to a non-member and a removed member', async () => {
    for (const { who, token, aim } of aims()) {
      const socket = await connectSocket(app.url, token);
      for (const e of eventCells(aim, [world.member.user.id], world.owner.accessToken)) {
        const outcome = await emitWithAck(socket, e.event, [e.payload]);
        const ack = outcome.kind === 'ack' ? (outcome.value as Ack<unknown>) : undefined;
        const refused = !e.mustRefuse || (ack?.ok === false && REFUSALS.includes(ack.error.code));
        const leaked = leaks(JSON.stringify(ack ?? ''), JSON.stringify(e.payload));
        report.check(
          refused && leaked.length === 0 && outcome.kind === 'ack',
          `${who} not refused (or shown the chat) on the socket`,
          `${e.event} ${JSON.stringify(e.payload)}: ${JSON.stringify(outcome)}`,
        );
      }
      socket.close();
    }
    report.throwIfFailed('Outsiders on the socket');
  });

  it("pushes nothing of the chats to the outsiders' sockets while the chats go on", async () => {
    const renamed = world.mark('renamed');
    world.markers.push(renamed, world.mark('g3'), world.mark('d3'));
    await sendText(t, world.owner, world.group.id, world.mark('g3'));
    await sendText(t, world.owner, world.direct.id, world.mark('d3'));
    const rename = await t
      .http()
      .patch(`/api/v1/chats/${world.group.id}`)
      .set(bearer(world.owner))
      .send({ name: renamed });
    expect(rename.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const event of pushed)
      report.check(leaks(event, '').length === 0, 'chat data pushed to an outsider', event);
    report.check(true, 'chat data pushed to an outsider', 'listening sockets');
    report.throwIfFailed('Pushed events');
    // The control: the same events did reach a member, markers and all.
    expect(pushedToMember.some((event) => leaks(event, '').length > 0)).toBe(true);
  });

  it('shows the markers to the owner: the probes above would see a leak', async () => {
    const reads = operations.filter((op) => op.method === 'GET' && !op.isPublic && targetsChat(op));
    let seen = 0;
    for (const op of reads) {
      const res = await http.send(
        validRequest(
          op,
          { chatId: world.group.id, memberId: world.member.user.id },
          bearer(world.owner),
        ),
      );
      expect(res.status).toBeLessThan(300);
      if (leaks(res.text, '').length > 0) seen += 1;
    }
    expect(seen).toBeGreaterThan(0);
  });
});
