import type {
  AuthSession,
  ChatView,
  PushPayload,
  PushSubscriptionView,
  VapidPublicKeyView,
} from '@app/contracts';
import { pushTagOf } from '@app/contracts';
import {
  ackData,
  bearer,
  connectClient,
  createGroup,
  createUsers,
  disconnectAll,
  LocalPushService,
  openDirectChat,
  registerUser,
  sleep,
  type LocalPushSubscription,
  type ReceivedPush,
  TEST_REDIS_URL,
  type TestApp,
  uniqueRedisPrefix,
} from '@app/testing';
import { blockCalls } from './block-calls';
import { messageCalls } from './message-calls';
import { startTestApp } from './test-app';

/** The collapse window of this suite: a burst within it is one notification. */
const COLLAPSE_MS = 300;

/**
 * Web Push end to end: the app sends to a local RFC 8030 push service, which checks each request's
 * VAPID signature (audience, expiry, subject) and decrypts the payload with the subscription's
 * private key, as a browser's push service and the browser would.
 */
describe.each([
  ['queued in this process', {}],
  [
    'queued in BullMQ on Redis',
    { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: uniqueRedisPrefix('push') },
  ],
])('Web Push, %s', (_queue, queueEnv: Record<string, string>) => {
  let t: TestApp;
  let push: LocalPushService;
  let ada: AuthSession;
  let bob: AuthSession;
  let cy: AuthSession;
  let direct: ChatView;
  let group: ChatView;

  beforeAll(async () => {
    push = await LocalPushService.start();
    t = await startTestApp({
      PUSH_TEST_ORIGINS: push.origin,
      PUSH_COLLAPSE: `${COLLAPSE_MS}ms`,
      PUSH_BACKOFF: '100ms',
      PUSH_ATTEMPTS: '3',
      ...queueEnv,
    });
    [ada, bob, cy] = await createUsers(t, 3);
    direct = await openDirectChat(t, ada, bob);
    group = await createGroup(t, ada, [bob, cy], 'Team');
  });

  /** A page of theirs came to the front: what was pushed to them counts as seen. */
  const lookAtTheApp = async (session: AuthSession) => {
    const page = await connectClient(t, session);
    await ackData(page, 'client:visibility', { visible: true });
    page.disconnect();
  };

  afterEach(async () => {
    for (const session of [ada, bob, cy]) await lookAtTheApp(session);
    disconnectAll();
    push.reset();
  });

  afterAll(async () => {
    await t.close();
    await push.close();
  });

  const subscribe = async (session: AuthSession): Promise<LocalPushSubscription> => {
    const subscription = push.createSubscription();
    const { endpoint, keys } = subscription;
    await t
      .http()
      .post('/api/v1/push/subscriptions')
      .set(bearer(session))
      .send({ endpoint, keys })
      .expect((res) => {
        if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${res.text}`);
      });
    return subscription;
  };
  const subscriptionsOf = async (session: AuthSession) =>
    (await t.http().get('/api/v1/push/subscriptions').set(bearer(session)).expect(200))
      .body as PushSubscriptionView[];
  const unsubscribeAll = async (session: AuthSession) => {
    for (const { id } of await subscriptionsOf(session))
      await t.http().delete(`/api/v1/push/subscriptions/${id}`).set(bearer(session)).expect(204);
  };
  const send = (session: AuthSession, chatId: string, body: Record<string, unknown>) =>
    messageCalls(t, session).send(chatId, body).expect(201);
  const setNotify = (session: AuthSession, chatId: string, level: string) =>
    t.http().put(`/api/v1/chats/${chatId}/notify`).set(bearer(session)).send({ level });
  const pushesTo = (subscription: LocalPushSubscription) => push.received(subscription.id);
  const payloadOf = (received: ReceivedPush) => received.payload as PushPayload;
  /** Nothing arrives: waits past the collapse window and the first retry. */
  const quietFor = async (subscription: LocalPushSubscription) => {
    await sleep(COLLAPSE_MS * 3);
    expect(pushesTo(subscription)).toEqual([]);
  };

  it("serves the server's VAPID public key to anyone", async () => {
    const { publicKey } = (await t.http().get('/api/v1/push/vapid-public-key').expect(200))
      .body as VapidPublicKeyView;
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
  });

  it('pushes a direct message to a person with no page open: signed, encrypted, urgent, in seconds', async () => {
    const bobs = await subscribe(bob);
    const sentAt = Date.now();
    await send(ada, direct.id, { text: 'Are you there?' });
    const [received] = await push.waitFor((p) => p.subscriptionId === bobs.id, 5000);
    const latencyMs = received.receivedAt - sentAt;
    expect(payloadOf(received)).toMatchObject({
      type: 'message',
      chatId: direct.id,
      title: ada.user.name,
      body: 'Are you there?',
      count: 1,
      tag: pushTagOf(direct.id),
      unreadTotal: 1,
    });
    expect(received).toMatchObject({ urgency: 'high', topic: pushTagOf(direct.id) });
    expect(received.ttl).toBeGreaterThan(0);
    expect(latencyMs).toBeLessThan(COLLAPSE_MS + 1500);
    process.stdout.write(`Push: message stored to notification received in ${latencyMs} ms\n`);
    await unsubscribeAll(bob);
  });

  it('collapses a burst in one chat into one notification with a count', async () => {
    const bobs = await subscribe(bob);
    await Promise.all(
      ['one', 'two', 'three', 'four', 'five'].map((text) => send(ada, group.id, { text })),
    );
    await push.waitFor((p) => p.subscriptionId === bobs.id, 5000);
    await sleep(COLLAPSE_MS * 2);
    const all = pushesTo(bobs);
    // Five sends may straddle two windows on a slow machine; each later one replaces the earlier.
    expect(all.length).toBeLessThan(5);
    const last = payloadOf(all[all.length - 1]);
    expect(last).toMatchObject({ type: 'message', count: 5, title: `${ada.user.name} in Team` });
    expect(all.every((p) => p.topic === pushTagOf(group.id) && p.urgency === 'normal')).toBe(true);
    await unsubscribeAll(bob);
  });

  it('stays quiet while a page of the person is visible, and pushes again once it is hidden', async () => {
    const bobs = await subscribe(bob);
    const page = await connectClient(t, bob);
    await ackData(page, 'client:visibility', { visible: true });
    await send(ada, direct.id, { text: 'you see this on screen' });
    await quietFor(bobs);
    await ackData(page, 'client:visibility', { visible: false });
    await send(ada, direct.id, { text: 'now in the background' });
    const [received] = await push.waitFor((p) => p.subscriptionId === bobs.id, 5000);
    // Seen when the page was in front: the count starts over.
    expect(payloadOf(received)).toMatchObject({ body: 'now in the background', unreadTotal: 1 });
    await unsubscribeAll(bob);
  });

  it('stays quiet while any one of two tabs is in front, and counts a closed tab as gone', async () => {
    const bobs = await subscribe(bob);
    const front = await connectClient(t, bob);
    const back = await connectClient(t, bob);
    await ackData(front, 'client:visibility', { visible: true });
    await ackData(back, 'client:visibility', { visible: false });
    await send(ada, direct.id, { text: 'one tab sees this' });
    await quietFor(bobs);
    front.disconnect();
    await sleep(100);
    await send(ada, direct.id, { text: 'only a background tab left' });
    const [received] = await push.waitFor((p) => p.subscriptionId === bobs.id, 5000);
    expect(payloadOf(received)).toMatchObject({ body: 'only a background tab left' });
    await unsubscribeAll(bob);
  });

  it('never pushes from a muted chat, nor at level none; mentions only at level mentions', async () => {
    const cys = await subscribe(cy);
    await t.http().put(`/api/v1/chats/${group.id}/mute`).set(bearer(cy)).send({ until: null });
    await send(ada, group.id, { text: 'muted', mentions: [cy.user.id] });
    await quietFor(cys);
    await t.http().delete(`/api/v1/chats/${group.id}/mute`).set(bearer(cy)).expect(200);

    expect((await setNotify(cy, group.id, 'none').expect(200)).body).toMatchObject({
      notify: 'none',
    });
    await send(ada, group.id, { text: 'nothing at all', mentions: [cy.user.id] });
    await quietFor(cys);

    await setNotify(cy, group.id, 'mentions').expect(200);
    await send(ada, group.id, { text: 'not for cy' });
    await quietFor(cys);
    const mention = await send(ada, group.id, { text: 'hey cy', mentions: [cy.user.id] });
    const [mentioned] = await push.waitFor((p) => p.subscriptionId === cys.id, 5000);
    expect(payloadOf(mentioned)).toMatchObject({ body: 'hey cy', mention: true });
    expect(mentioned.urgency).toBe('high');
    await lookAtTheApp(cy);
    push.reset();
    const cysMessage = await send(cy, group.id, { text: 'my message' });
    await send(bob, group.id, { text: 'a reply to cy', replyToSeq: cysMessage.body.seq });
    const [replied] = await push.waitFor((p) => p.subscriptionId === cys.id, 5000);
    expect(payloadOf(replied)).toMatchObject({ body: 'a reply to cy', mention: true });
    expect(mention.body.seq).toBeLessThan(cysMessage.body.seq);

    await setNotify(cy, group.id, 'all').expect(200);
    await setNotify(cy, group.id, 'loud').expect(400);
    await setNotify(ada, '00000000-0000-4000-8000-000000000000', 'all').expect(403);
    await unsubscribeAll(cy);
  });

  it('never pushes what a blocked person writes', async () => {
    const cys = await subscribe(cy);
    await blockCalls(t, cy).block(ada).expect(204);
    await send(ada, group.id, { text: 'from someone cy blocked' });
    await quietFor(cys);
    await blockCalls(t, cy).unblock(ada).expect(204);
    await unsubscribeAll(cy);
  });

  it('shows "New message" when the person hides texts in notifications', async () => {
    const bobs = await subscribe(bob);
    await t
      .http()
      .put('/api/v1/push/settings')
      .set(bearer(bob))
      .send({ showText: false })
      .expect(200);
    expect((await t.http().get('/api/v1/push/settings').set(bearer(bob)).expect(200)).body).toEqual(
      { showText: false },
    );
    await send(ada, direct.id, { text: 'a secret' });
    const [received] = await push.waitFor((p) => p.subscriptionId === bobs.id, 5000);
    expect(payloadOf(received)).toMatchObject({ title: ada.user.name, body: 'New message' });
    expect(JSON.stringify(received.payload)).not.toContain('secret');
    await t
      .http()
      .put('/api/v1/push/settings')
      .set(bearer(bob))
      .send({ showText: true })
      .expect(200);
    await unsubscribeAll(bob);
  });

  it('shows nothing of a deleted message: not sent when deleted in time, else taken down', async () => {
    const bobs = await subscribe(bob);
    const sent = await send(ada, direct.id, { text: 'oops, wrong chat' });
    await messageCalls(t, ada).remove(direct.id, sent.body.seq).expect(200);
    await sleep(COLLAPSE_MS * 3);
    // Deleted within the collapse window (the usual case), nothing goes out. On a slow machine the
    // notification may have left already: then a retraction with the same tag follows it.
    const payloads = pushesTo(bobs).map(payloadOf);
    if (payloads.length > 0)
      expect(payloads.at(-1)).toMatchObject({ type: 'retract', tag: pushTagOf(direct.id) });
    process.stdout.write(`Push: a message deleted at once caused ${payloads.length} push(es)\n`);
    await unsubscribeAll(bob);
  });

  it('takes down a notification whose message was deleted after it went out', async () => {
    const bobs = await subscribe(bob);
    const sent = await send(ada, direct.id, { text: 'regretted' });
    await push.waitFor((p) => p.subscriptionId === bobs.id, 5000);
    await messageCalls(t, ada).remove(direct.id, sent.body.seq).expect(200);
    const [, retraction] = await push
      .waitFor((p) => p.subscriptionId === bobs.id && payloadOf(p).type === 'retract', 5000)
      .then(() => pushesTo(bobs));
    expect(payloadOf(retraction)).toEqual({
      type: 'retract',
      chatId: direct.id,
      tag: pushTagOf(direct.id),
      unreadTotal: 0,
    });
    expect(retraction.topic).toBe(pushTagOf(direct.id));
    await unsubscribeAll(bob);
  });

  it('removes a subscription its push service says is gone (410), and retries a busy one (429)', async () => {
    const bobs = await subscribe(bob);
    push.answerNext(bobs.id, 429, 1, { 'Retry-After': '0' });
    await send(ada, direct.id, { text: 'after a retry' });
    const [retried] = await push.waitFor((p) => p.subscriptionId === bobs.id, 5000);
    expect(payloadOf(retried)).toMatchObject({ body: 'after a retry' });

    push.gone(bobs.id);
    await send(ada, direct.id, { text: 'to a gone browser' });
    for (let i = 0; i < 50 && (await subscriptionsOf(bob)).length > 0; i++) await sleep(100);
    expect(await subscriptionsOf(bob)).toEqual([]);
    const metrics = (await t.http().get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/push_pruned_total\{reason="gone"\} 1/);
    expect(metrics).toMatch(/push_sent_total [1-9]/);
  });

  it('retries a push service answering 5xx, and after PUSH_ATTEMPTS counts it failed but keeps the subscription', async () => {
    const bobs = await subscribe(bob);
    push.answerNext(bobs.id, 503, 2);
    await send(ada, direct.id, { text: 'through two outages' });
    const [late] = await push.waitFor((p) => p.subscriptionId === bobs.id, 5000);
    expect(payloadOf(late)).toMatchObject({ body: 'through two outages' });

    const failedBefore = failedFor('attempts', (await t.http().get('/metrics').expect(200)).text);
    push.answerNext(bobs.id, 500, 3);
    await send(ada, direct.id, { text: 'never arrives' });
    let metrics = '';
    for (let i = 0; i < 50; i++) {
      metrics = (await t.http().get('/metrics').expect(200)).text;
      if (failedFor('attempts', metrics) > failedBefore) break;
      await sleep(100);
    }
    expect(failedFor('attempts', metrics)).toBe(failedBefore + 1);
    expect(
      push.rejected().filter((r) => r.subscriptionId === bobs.id && r.status === 500),
    ).toHaveLength(3);
    // A failing push service is not a gone browser: the subscription stays.
    expect(await subscriptionsOf(bob)).toHaveLength(1);
  });

  it("renews a subscription the browser replaced, never onto someone else's endpoint", async () => {
    const old = await subscribe(bob);
    const renewed = push.createSubscription();
    const renew = (oldSub: LocalPushSubscription, next: LocalPushSubscription) =>
      t
        .http()
        .put('/api/v1/push/subscriptions/renewal')
        .send({
          oldEndpoint: oldSub.endpoint,
          oldAuth: oldSub.keys.auth,
          subscription: { endpoint: next.endpoint, keys: next.keys },
        });
    await renew(old, renewed).expect(204);
    const cys = await subscribe(cy);
    // Bob's browser cannot move onto Cy's endpoint, even proving its own subscription.
    await renew(renewed, cys).expect(401);
    await send(ada, direct.id, { text: 'to the renewed one' });
    const [received] = await push.waitFor((p) => p.subscriptionId === renewed.id, 5000);
    expect(payloadOf(received)).toMatchObject({ body: 'to the renewed one' });
    expect(pushesTo(old)).toEqual([]);
    await send(ada, group.id, { text: 'cy still hears' });
    await push.waitFor((p) => p.subscriptionId === cys.id, 5000);
    await unsubscribeAll(bob);
    await unsubscribeAll(cy);
  });

  it("removes a session's subscriptions when the session ends, and only that session's", async () => {
    const dan = await registerUser(t);
    const login = async () =>
      (
        await t
          .http()
          .post('/api/v1/auth/login')
          .send({ email: dan.user.email, password: dan.password })
          .expect(200)
      ).body as AuthSession;
    const laptop = await login();
    await subscribe(dan);
    const laptops = await subscribe(laptop);
    expect((await subscriptionsOf(laptop)).map((s) => s.currentSession).sort()).toEqual([
      false,
      true,
    ]);
    await t
      .http()
      .post('/api/v1/auth/logout')
      .set(bearer(dan))
      .send({ refreshToken: dan.refreshToken })
      .expect(204);
    // Ended sessions are swept every 2 s on every instance.
    for (let i = 0; i < 50 && (await subscriptionsOf(laptop)).length > 1; i++) await sleep(100);
    const left = await subscriptionsOf(laptop);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ currentSession: true, service: '127.0.0.1' });
    expect(laptops.id).toBeDefined();
  });
});

/** `push_failed_total{reason}` from a /metrics text (0 before the first). */
function failedFor(reason: string, metrics: string): number {
  const line = new RegExp(`^push_failed_total\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(metrics);
  return line ? Number(line[1]) : 0;
}
