import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import {
  CLIENT_EVENTS,
  SERVER_EVENTS,
  UNAUTHORIZED_CONNECT_ERROR,
  type Ack,
  type PushSubscriptionView,
} from '@app/contracts';
import {
  ackData,
  bearer,
  connectClient,
  LocalPushService,
  sampleImage,
  type ChatClient,
  type Origin,
} from '@app/testing';
import { ChildApp } from './harness/child-app';
import {
  fetchOpenApi,
  listOperations,
  undocumentedHandlers,
  type OpenApiDocument,
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
import {
  listedCollectionOf,
  ownedCollectionOf,
  provedBySubscriptionSecret,
  refusalShape,
  seedOwnedThings,
  strangeSecret,
  type OwnedThings,
} from './matrix/owned';
import { peopleViewOf, searchingFor, sharesAChatWith } from './matrix/people-routes';
import { bodyOf, carriesPresence, presenceOf } from './matrix/presence';
import {
  allDelivered,
  identities,
  mayShowPresence,
  plantPresence,
  seedPresenceWorld,
  type Identity,
  type PresenceWorld,
} from './matrix/presence-world';
import { MatrixReport } from './matrix/report';
import { leakedMarkers, seedMatrixWorld, type MatrixWorld } from './matrix/world';

/**
 * Who may do what, generated from the OpenAPI document and the event catalogue (a new route or
 * event is covered the day it lands): every protected route and client event × every credential
 * that must not work, and every chat route and event × people outside the chat. Refused means 401
 * (or `connect_error` unauthorized) for bad credentials and 403/404 (or an ack error) for
 * outsiders; and no answer or pushed event ever holds the chat's marker strings. Then whose
 * presence is whose to see: the same routes (those returning people or chats) and events for a
 * friend of T's, a person T blocked and a stranger to T. A person's own things named by id outside
 * chats and people (uploads, push subscriptions) answer 404 to everyone else, as a missing one
 * does; the push renewal, proved by a subscription's secret, takes no other proof.
 */
describe('Authorization matrix', () => {
  const report = new MatrixReport();
  /** The presence cells: the friend, the blocked person and the stranger. */
  const presence = new MatrixReport();
  let app: ChildApp;
  /** A local push service the app may send to (PUSH_TEST_ORIGINS): the owner's device. */
  let push: LocalPushService;
  let owned: OwnedThings;
  let t: Origin;
  let http: RawHttp;
  let doc: OpenApiDocument;
  let operations: Operation[];
  let world: MatrixWorld;
  let credentials: BadCredential[];
  const sockets: Socket[] = [];
  /** Everything pushed to the outsiders' sockets during the whole run. */
  const pushed: string[] = [];
  /** And to a member's: the control that shows the listening works. */
  const pushedToMember: string[] = [];

  beforeAll(async () => {
    push = await LocalPushService.start();
    app = new ChildApp({
      RATE_LIMIT_PER_MINUTE: '1000000',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
      PUSH_TEST_ORIGINS: push.origin,
    });
    const ready = await app.start();
    t = originOf(app.url);
    http = new RawHttp(app.url, 8);
    doc = await fetchOpenApi(app.url);
    operations = listOperations(doc, ready.handlers);
    world = await seedMatrixWorld(t);
    owned = await seedOwnedThings(
      t,
      push,
      world.owner,
      world.outsider,
      await sampleImage('image/png'),
    );
    world.markers.push(...owned.markers);
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
    const cells = report.cells + presence.cells;
    const failed = report.failedTotal + presence.failedTotal;
    process.stdout.write(
      `\nauthorization matrix: ${cells} cells checked (${presence.cells} of them presence cells of the friend, the blocked person and the stranger: ${presence.failedTotal} failed), ${failed} failed\n`,
    );
    sockets.forEach((socket) => socket.close());
    http?.close();
    await app?.stop();
    await push?.close();
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
        owned.ids,
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

  /** People who are not the owner: sharing chats with the owner changes nothing here. */
  const intruders = () => [
    { who: 'outsider', person: world.outsider },
    { who: 'member of their chats', person: world.member },
    { who: 'removed member', person: world.removed },
  ];
  const aimAtGroup = (): Aim => ({ chatId: world.group.id, memberId: world.member.user.id });
  const ownedOps = () => operations.filter((op) => !op.isPublic && ownedCollectionOf(op));
  const subscriptionsOf = async (token: string) => {
    const res = await t
      .http()
      .get('/api/v1/push/subscriptions')
      .set('Authorization', `Bearer ${token}`);
    if (res.status !== 200) throw new Error(`list subscriptions: ${res.status} ${res.text}`);
    return res.body as PushSubscriptionView[];
  };

  it("has the owner's id for every route that names a person's own thing by id", () => {
    const routes = ownedOps().map((op) => `${op.method} ${op.path} (${ownedCollectionOf(op)})`);
    process.stdout.write(`\nroutes naming a person's own things: ${routes.join(', ')}\n`);
    const unseeded = ownedOps().filter((op) => !owned.ids[ownedCollectionOf(op) ?? '']);
    expect(unseeded.map((op) => `${op.method} ${op.path}`)).toEqual([]);
    expect(Object.keys(owned.ids).sort()).toEqual(
      [...new Set(ownedOps().map((op) => ownedCollectionOf(op)))].sort(),
    );
  });

  it("answers 404 to everyone else for the owner's things named by id, as for things that do not exist", async () => {
    const cells = ownedOps().flatMap((op) => intruders().map((i) => ({ op, ...i })));
    await inBatches(cells, async ({ op, who, person }) => {
      const headers = { authorization: `Bearer ${person.accessToken}` };
      const collection = ownedCollectionOf(op) ?? '';
      const req = validRequest(op, aimAtGroup(), headers, owned.ids);
      const res = await http.send(req);
      const missing = await http.send(
        validRequest(op, aimAtGroup(), headers, { [collection]: [randomUUID()] }),
      );
      const refused = op.documentedStatuses.includes(404)
        ? res.status === 404
        : res.status === 403 || res.status === 404;
      const sameAsMissing =
        refusalShape(res.status, res.text) === refusalShape(missing.status, missing.text);
      const leaked = leaks(res.text, JSON.stringify(req));
      report.check(
        refused && sameAsMissing && leaked.length === 0,
        `the ${collection} of another person not refused like missing ones`,
        `${op.method} ${op.path} by the ${who} as ${shown(req)}: ${res.status} ${res.text.slice(0, 160)} (missing: ${missing.status} ${missing.text.slice(0, 160)})${leaked.length ? ` [leaks ${leaked.join(', ')}]` : ''}`,
      );
    });
    report.throwIfFailed("Another person's things by id");
    // Nothing was taken from the owner: the control that the ids were real.
    for (const op of ownedOps().filter((o) => o.method === 'GET')) {
      const res = await http.send(validRequest(op, aimAtGroup(), bearer(world.owner), owned.ids));
      expect(`${op.path} ${res.status}`).toBe(`${op.path} 200`);
    }
    expect((await subscriptionsOf(world.owner.accessToken)).map((s) => s.id)).toEqual([
      owned.subscriptionId,
    ]);
  });

  it("lists none of the owner's things to anyone else", async () => {
    const lists = operations.flatMap((op) => {
      const collection = op.isPublic ? undefined : listedCollectionOf(op, Object.keys(owned.ids));
      return collection ? [{ op, collection }] : [];
    });
    expect(lists.map(({ op }) => `${op.method} ${op.path}`)).toContain(
      'GET /api/v1/push/subscriptions',
    );
    for (const { op, collection } of lists) {
      const mine = await http.send(validRequest(op, aimAtGroup(), bearer(world.owner)));
      expect(owned.ids[collection].every((id) => mine.text.includes(id))).toBe(true);
      for (const { who, person } of intruders()) {
        const req = validRequest(op, aimAtGroup(), {
          authorization: `Bearer ${person.accessToken}`,
        });
        const res = await http.send(req);
        const leaked = leaks(res.text, JSON.stringify(req));
        report.check(
          res.status === 200 && leaked.length === 0,
          `the owner's ${collection} listed to another person`,
          `${op.method} ${op.path} by the ${who}: ${res.status} ${res.text.slice(0, 200)}${leaked.length ? ` [leaks ${leaked.join(', ')}]` : ''}`,
        );
      }
    }
    report.throwIfFailed("Another person's things in lists");
    // The outsider's list does hold their own subscription: the lists above were not just empty.
    expect(await subscriptionsOf(world.outsider.accessToken)).toHaveLength(1);
  });

  it("refuses a push renewal proved by anything but the subscription's own secret, alike for an unknown endpoint", async () => {
    const renewals = operations.filter(provedBySubscriptionSecret);
    expect(renewals.map((op) => `${op.method} ${op.path}`)).toEqual([
      'PUT /api/v1/push/subscriptions/renewal',
    ]);
    const victim = owned.subscription;
    const unknown = push.createSubscription();
    const replacement = push.createSubscription();
    const attempts: Array<{ what: string; oldEndpoint: string; oldAuth: string; token?: string }> =
      [
        { what: 'a wrong secret', oldEndpoint: victim.endpoint, oldAuth: strangeSecret() },
        {
          what: "another subscription's secret",
          oldEndpoint: victim.endpoint,
          oldAuth: owned.intruderSubscription.keys.auth,
        },
        {
          what: 'the secret cut short',
          oldEndpoint: victim.endpoint,
          oldAuth: victim.keys.auth.slice(0, -2),
        },
        {
          what: 'the secret and more',
          oldEndpoint: victim.endpoint,
          oldAuth: `${victim.keys.auth}AA`,
        },
        { what: 'an empty secret', oldEndpoint: victim.endpoint, oldAuth: '' },
        {
          what: "the owner's session and a wrong secret",
          oldEndpoint: victim.endpoint,
          oldAuth: strangeSecret(),
          token: world.owner.accessToken,
        },
        {
          what: 'an unknown endpoint with its own secret',
          oldEndpoint: unknown.endpoint,
          oldAuth: unknown.keys.auth,
        },
        {
          what: "an unknown endpoint with the owner's secret",
          oldEndpoint: unknown.endpoint,
          oldAuth: victim.keys.auth,
        },
        {
          what: "the endpoint with a slash more and the owner's secret",
          oldEndpoint: `${victim.endpoint}/`,
          oldAuth: victim.keys.auth,
        },
      ];
    const body = (oldEndpoint: string, oldAuth: string) =>
      JSON.stringify({
        oldEndpoint,
        oldAuth,
        subscription: { endpoint: replacement.endpoint, keys: replacement.keys },
      });
    for (const op of renewals) {
      const shapes = new Set<string>();
      for (const { what, oldEndpoint, oldAuth, token } of attempts) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (token) headers.authorization = `Bearer ${token}`;
        const res = await http.send({
          method: op.method,
          path: op.path,
          headers,
          body: body(oldEndpoint, oldAuth),
        });
        shapes.add(refusalShape(res.status, res.text));
        report.check(
          res.status === 401 && leaks(res.text, oldEndpoint + oldAuth).length === 0,
          'a push renewal without its proof not refused with 401',
          `${what}: ${op.method} ${op.path} answered ${res.status} ${res.text.slice(0, 200)}`,
        );
      }
      report.check(
        shapes.size === 1,
        'a push renewal tells an unknown endpoint from a wrong secret',
        `${op.method} ${op.path}: ${[...shapes].join(' | ')}`,
      );
    }
    report.throwIfFailed('Push renewal');
    expect((await subscriptionsOf(world.owner.accessToken)).map((s) => s.id)).toEqual([
      owned.subscriptionId,
    ]);
    // The control: the intruder's own subscription renews with its own secret.
    const own = owned.intruderSubscription;
    const renewed = await http.send({
      method: 'PUT',
      path: '/api/v1/push/subscriptions/renewal',
      headers: { 'content-type': 'application/json' },
      body: body(own.endpoint, own.keys.auth),
    });
    expect(`${renewed.status} ${renewed.text}`).toBe('204 ');
  });

  it("lets nobody's visible page silence the owner's push notifications", async () => {
    // The outsider's, the removed member's and the member's sockets all say they are in front.
    for (const socket of sockets) {
      const outcome = await emitWithAck(socket, 'client:visibility', [{ visible: true }]);
      report.check(
        outcome.kind === 'ack' && (outcome.value as Ack<null>).ok,
        'client:visibility refused to a signed-in person',
        JSON.stringify(outcome),
      );
    }
    report.throwIfFailed('client:visibility');
    push.reset();
    await sendText(t, world.member, world.direct.id, 'are you there?');
    const delivered = await push
      .waitFor((p) => p.subscriptionId === owned.subscription.id, 8_000)
      .then(
        (received) => `delivered: ${JSON.stringify(received[0].payload)}`,
        (error: Error) => error.message,
      );
    report.check(
      delivered.startsWith('delivered'),
      "another person's visible page silenced the owner's push",
      delivered.slice(0, 400),
    );
    report.throwIfFailed('Visibility of other people');
  });

  /**
   * T's presence (online, last seen, typing, read and delivered marks) is data: it shows in chat
   * views and on the socket to the friend (shares chats with T, not blocked: the control), to
   * nobody in a profile, and never to the person T blocked (in a group with T) or a stranger.
   */
  describe("T's presence, to a friend, a blocked person and a stranger", () => {
    let w: PresenceWorld;
    let tId: string;
    const listening = new Map<Identity, ChatClient>();
    const heard: Array<{ who: Identity; event: string; args: unknown[] }> = [];
    let targetSocket: ChatClient | undefined;

    beforeAll(async () => {
      w = await seedPresenceWorld(t);
      tId = w.target.user.id;
      for (const { who, person } of identities(w)) {
        const socket = await connectClient(t, person);
        socket.onAny((event: string, ...args: unknown[]) => heard.push({ who, event, args }));
        listening.set(who, socket);
      }
      targetSocket = await plantPresence(t, w, listening.get('friend')!);
    }, 60_000);

    afterAll(() => {
      listening.forEach((socket) => socket.close());
      targetSocket?.close();
    });

    const aim = (): Aim => ({ chatId: w.group.id, memberId: tId });
    const requestAs = (token: string, op: Operation) =>
      searchingFor(validRequest(op, aim(), { authorization: `Bearer ${token}` }), op, w.targetName);
    /** On the socket presence goes by the chats people share, as in chat views. */
    const keptFrom = (who: Identity) => !mayShowPresence(who, 'chats');

    it("shows the friend T's online state, last-seen time, typing and read marks: the checks below can fail", async () => {
      const seen = new Set<string>();
      const note = (value: unknown) => presenceOf(value, tId).forEach((f) => seen.add(f));
      for (const op of operations.filter((o) => o.method === 'GET' && !o.isPublic)) {
        if (peopleViewOf(doc, op) === 'chats')
          note(bodyOf((await http.send(requestAs(w.friend.accessToken, op))).text));
      }
      note(await ackData(listening.get('friend')!, 'presence:get', { userIds: [tId] }));
      note(heard.filter((h) => h.who === 'friend').map((h) => h.args));
      expect([...seen]).toEqual(
        expect.arrayContaining([
          'lastSeenAt',
          'online',
          'typing',
          'lastReadSeq',
          'read/delivered mark',
        ]),
      );
    });

    it("shows none of T's presence to the blocked person or the stranger on any route returning people or chats, nor to anyone in a profile", async () => {
      const cells = operations
        .filter((op) => !op.isPublic)
        .flatMap((op) => {
          const view = peopleViewOf(doc, op);
          return view ? identities(w).map((id) => ({ ...id, op, view })) : [];
        })
        .filter(({ who, view }) => !mayShowPresence(who, view));
      // Opening a chat with T, or a group with T in it, would make the stranger no stranger.
      const skipped = cells.filter(({ who, op }) => who === 'stranger' && sharesAChatWith(op));
      const routes = [...new Set(cells.map(({ op }) => `${op.method} ${op.path}`))];
      process.stdout.write(
        `\nroutes returning people or chats: ${routes.join(', ')}\nnot asked by the stranger (they would share a chat with T): ${skipped.map(({ op }) => `${op.method} ${op.path}`).join(', ')}\n`,
      );
      const named = new Set<Identity>();
      await inBatches(
        cells.filter((cell) => !skipped.includes(cell)),
        async ({ who, person, op, view }) => {
          const req = requestAs(person.accessToken, op);
          const res = await http.send(req);
          if (res.text.includes(tId)) named.add(who);
          const fields = presenceOf(bodyOf(res.text), tId);
          presence.check(
            fields.length === 0,
            `T's presence shown to the ${who} in ${view === 'chats' ? 'chat views' : 'profiles'}`,
            `${fields.join(', ')}: ${op.method} ${op.path} as ${shown(req)} answered ${res.status}`,
          );
        },
      );
      const unnamed = identities(w).filter(({ who }) => !named.has(who));
      presence.throwIfFailed(
        `T's presence on REST${unnamed.length ? ` (no answer named T to the ${unnamed.map((i) => i.who).join(', ')})` : ''}`,
      );
      expect(unnamed).toEqual([]);
    });

    it('answers no question about T to the blocked person or the stranger on the socket', async () => {
      const asks = eventCells(aim(), [tId]).filter((e) =>
        carriesPresence(CLIENT_EVENTS[e.event as keyof typeof CLIENT_EVENTS].ackExample),
      );
      expect(asks.map((e) => e.event)).toContain('presence:get');
      for (const { who } of identities(w).filter((id) => keptFrom(id.who))) {
        for (const e of asks) {
          const socket = listening.get(who) as unknown as Socket;
          const outcome = await emitWithAck(socket, e.event, [e.payload]);
          presence.check(
            outcome.kind === 'ack' && !JSON.stringify(outcome.value).includes(tId),
            `T's presence answered to the ${who}`,
            `${e.event} ${JSON.stringify(e.payload)}: ${JSON.stringify(outcome)}`,
          );
        }
      }
      presence.throwIfFailed("T's presence on the socket");
    });

    it("pushes none of T's presence, typing or marks to the blocked person's or the stranger's sockets, in any event", async () => {
      // Last, so that the chat:updated events of the owner's routes above count too.
      await allDelivered(t, w, listening.get('blocked person')!, listening.get('stranger')!);
      const events = new Set([...Object.keys(SERVER_EVENTS), ...heard.map((h) => h.event)]);
      for (const { who } of identities(w).filter((id) => keptFrom(id.who))) {
        for (const event of events) {
          const carrying = heard.filter(
            (h) => h.who === who && h.event === event && presenceOf(h.args, tId).length > 0,
          );
          presence.check(
            carrying.length === 0,
            `T's presence pushed to the ${who}`,
            `${event}: ${carrying.length} event(s) show ${presenceOf(carrying[0]?.args, tId).join(', ')}, e.g. ${JSON.stringify(carrying[0]?.args)}`,
          );
        }
      }
      presence.throwIfFailed("T's presence pushed");
    });
  });
});
