import type { AuthSession, ChatView, PushSubscriptionView } from '@app/contracts';
import { ConfigError, loadConfig } from '@app/config';
import { OutboundRefused, sendOutbound, type OutboundPolicy } from '@app/outbound';
import {
  bearer,
  createUsers,
  LocalPushService,
  openDirectChat,
  sleep,
  type LocalPushSubscription,
  type TestApp,
} from '@app/testing';
import { PUSH_ENDPOINT_POLICY } from '../src/push/push-tokens';
import { messageCalls } from './message-calls';
import { startTestApp } from './test-app';

const COLLAPSE_MS = 100;

/** Host names on the operator's allow list that are IP literals: they must not open a door. */
const LISTED_LITERALS = '127.0.0.1,10.0.0.1,169.254.169.254';

interface ErrorBody {
  statusCode: number;
  code: string;
  details?: Array<{ field: string; messages: string[] }>;
}

/**
 * Push endpoints are URLs a client gives us and the server later POSTs to: server-side request
 * forgery's front door. Registering (and renewing) holds the endpoint to https at a known push
 * service, on port 443, at a public address, without credentials; the local push service of the
 * suites gets in through PUSH_TEST_ORIGINS only, by its exact origin. At send time the address
 * actually connected to is checked again, and a push service's redirect is never followed.
 */
describe('Push endpoints and server-side request forgery', () => {
  let t: TestApp;
  let push: LocalPushService;
  let ada: AuthSession;
  let bob: AuthSession;
  let direct: ChatView;
  let port: number;

  beforeAll(async () => {
    push = await LocalPushService.start();
    port = Number(new URL(push.origin).port);
    t = await startTestApp({
      PUSH_TEST_ORIGINS: push.origin,
      PUSH_HOSTS: LISTED_LITERALS,
      PUSH_COLLAPSE: `${COLLAPSE_MS}ms`,
      PUSH_BACKOFF: '100ms',
      PUSH_ATTEMPTS: '3',
    });
    [ada, bob] = await createUsers(t, 2);
    direct = await openDirectChat(t, ada, bob);
  });

  afterEach(async () => {
    for (const { id } of await subscriptionsOf(bob))
      await t.http().delete(`/api/v1/push/subscriptions/${id}`).set(bearer(bob)).expect(204);
    push.reset();
  });

  afterAll(async () => {
    await t?.close();
    await push?.close();
  });

  const subscriptionsOf = async (session: AuthSession) =>
    (await t.http().get('/api/v1/push/subscriptions').set(bearer(session)).expect(200))
      .body as PushSubscriptionView[];
  const register = (
    session: AuthSession,
    endpoint: string,
    keys = push.createSubscription().keys,
  ) => t.http().post('/api/v1/push/subscriptions').set(bearer(session)).send({ endpoint, keys });
  const subscribe = async (session: AuthSession): Promise<LocalPushSubscription> => {
    const subscription = push.createSubscription();
    const res = await register(session, subscription.endpoint, subscription.keys);
    if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${res.text}`);
    return subscription;
  };
  const expectEndpointRefused = (res: { status: number; body: unknown }, endpoint: string) => {
    const body = res.body as ErrorBody;
    expect({
      endpoint,
      status: res.status,
      code: body.code,
      field: body.details?.[0]?.field,
    }).toEqual({ endpoint, status: 400, code: 'validation_failed', field: 'endpoint' });
  };
  const failedTotal = async () => {
    const metrics = (await t.http().get('/metrics').expect(200)).text;
    const line = /^push_failed_total\{reason="refused"\} (\d+)$/m.exec(metrics);
    return line ? Number(line[1]) : 0;
  };

  it('accepts the exact test origin and an https endpoint of a known push service (the control)', async () => {
    await subscribe(bob);
    const fcm = await register(bob, 'https://fcm.googleapis.com/fcm/send/ssrf-control');
    expect(fcm.status).toBe(201);
    // Deleted at once (afterEach): nothing is ever sent to the real FCM.
    expect((await subscriptionsOf(bob)).map((s) => s.service).sort()).toEqual([
      '127.0.0.1',
      'fcm.googleapis.com',
    ]);
  });

  describe('refuses to register', () => {
    const cases: Array<[string, () => string]> = [
      ['plain http to a real push host', () => 'http://fcm.googleapis.com/fcm/send/abc'],
      ['loopback', () => 'https://127.0.0.1/push/abc'],
      ['IPv6 loopback', () => 'https://[::1]/push/abc'],
      ['the cloud metadata address', () => 'https://169.254.169.254/latest/meta-data/'],
      ['IPv4-mapped IPv6 loopback', () => 'https://[::ffff:127.0.0.1]/push/abc'],
      ['loopback as one decimal number', () => 'https://2130706433/push/abc'],
      ['loopback in hex and short form', () => 'https://0x7f.1/push/abc'],
      ['loopback in octal', () => 'https://0177.0.0.1/push/abc'],
      ['loopback with a missing octet', () => 'https://127.1/push/abc'],
      ['"this network"', () => 'https://0.0.0.0/push/abc'],
      ['a private network', () => 'https://10.0.0.1/'],
      ['carrier-grade NAT', () => 'https://100.64.0.1/'],
      ['the AWS IPv6 metadata address', () => 'https://[fd00:ec2::254]/'],
      ['IPv6 link-local', () => 'https://[fe80::1]/'],
      ['the IPv6 unspecified address', () => 'https://[::]/'],
      ['loopback through NAT64', () => 'https://[64:ff9b::7f00:1]/'],
      ['the metadata address through 6to4', () => 'https://[2002:a9fe:a9fe::]/'],
      ['a host outside the allow list', () => 'https://evil.example.com/push'],
      ['a look-alike of a known host', () => 'https://fcm.googleapis.com.evil.example/push'],
      ['the bare domain of a wildcard entry', () => 'https://push.apple.com/push'],
      ['a backslash that hides the real host', () => 'https://evil.example\\@fcm.googleapis.com/'],
      ['credentials in the URL', () => 'https://user:secret@fcm.googleapis.com/fcm/send/abc'],
      ['a known host as the user name', () => 'https://fcm.googleapis.com@evil.example/'],
      [
        'a port other than 443 on a real push host',
        () => 'https://fcm.googleapis.com:8443/fcm/send/abc',
      ],
      ['another port of the test origin', () => `http://127.0.0.1:${port + 1}/push/abc`],
      ['the test origin over https', () => `https://127.0.0.1:${port}/push/abc`],
      ['the test origin by another name', () => `http://localhost:${port}/push/abc`],
      ['another scheme', () => 'file:///etc/passwd'],
      ['a relative URL', () => '/push/abc'],
    ];

    it.each(cases)('%s', async (_what, endpoint) => {
      const url = endpoint();
      expectEndpointRefused(await register(bob, url), url);
      expect(await subscriptionsOf(bob)).toEqual([]);
      expect([...push.received(), ...push.rejected()]).toEqual([]);
    });

    it(`even when PUSH_HOSTS lists the address (${LISTED_LITERALS}): literals are judged by address first`, async () => {
      expect(t.config.push.extraHosts).toEqual(LISTED_LITERALS.split(','));
      for (const host of LISTED_LITERALS.split(',')) {
        const url = `https://${host}/push/abc`;
        expectEndpointRefused(await register(bob, url), url);
      }
    });
  });

  it('answers 400, never 500, to keys that are not an object of two strings', async () => {
    const { endpoint } = push.createSubscription();
    const shapes: unknown[] = [
      [],
      null,
      'keys',
      7,
      {},
      { p256dh: [], auth: 'x' },
      [{ p256dh: 'a' }],
    ];
    for (const keys of shapes) {
      const res = await t
        .http()
        .post('/api/v1/push/subscriptions')
        .set(bearer(bob))
        .send({ endpoint, keys });
      expect({ keys, status: res.status }).toEqual({ keys, status: 400 });
    }
    const renewal = await t
      .http()
      .put('/api/v1/push/subscriptions/renewal')
      .set(bearer(bob))
      .send({ oldEndpoint: endpoint, oldAuth: 'x', subscription: [] });
    expect(renewal.status).toBe(400);
    expect(await subscriptionsOf(bob)).toEqual([]);
  });

  it('refuses a renewal to a private endpoint, proved or not, and keeps the old subscription delivering', async () => {
    const old = await subscribe(bob);
    const [before] = await subscriptionsOf(bob);
    const fresh = push.createSubscription();
    for (const endpoint of [
      'https://169.254.169.254/',
      'https://[::1]/',
      'http://fcm.googleapis.com/x',
    ]) {
      const res = await t
        .http()
        .put('/api/v1/push/subscriptions/renewal')
        .send({
          oldEndpoint: old.endpoint,
          oldAuth: old.keys.auth,
          subscription: { endpoint, keys: fresh.keys },
        });
      expectEndpointRefused(res, endpoint);
    }
    expect(await subscriptionsOf(bob)).toEqual([before]);
    await messageCalls(t, ada).send(direct.id, { text: 'still here' }).expect(201);
    const [received] = await push.waitFor((p) => p.subscriptionId === old.id, 5000);
    expect(received.payload).toMatchObject({ body: 'still here' });
  });

  /**
   * The send-time check itself (every address a name resolves to must be public, and so must the
   * address the socket reached) is proven in libs/outbound/src/send-outbound.spec.ts ("refuses a
   * host name that resolves to loopback, with the system resolver", and with an injected resolver,
   * also after a redirect). No dotted name resolves to loopback on this machine, and PUSH_HOSTS
   * takes dotted names only, so the app cannot be configured into that case; what is shown here is
   * that, and that the app's own policy, widened to a loopback name, does not reach its own test
   * push service under that name: the test origin's exemption is for its exact origin only.
   */
  describe('at send time, on the address connected to', () => {
    it('PUSH_HOSTS takes no dotless name such as localhost', () => {
      const problems = (() => {
        try {
          loadConfig({ NODE_ENV: 'test', PUSH_HOSTS: 'localhost' });
          return [];
        } catch (error) {
          if (error instanceof ConfigError) return error.problems.map((p) => p.variable);
          throw error;
        }
      })();
      expect(problems).toEqual(['PUSH_HOSTS']);
    });

    it("refuses the app's policy, widened to localhost, at the local push service's own port", async () => {
      const policy = t.app.get<symbol, OutboundPolicy>(PUSH_ENDPOINT_POLICY);
      expect(policy.testOrigins).toEqual([push.origin]);
      const widened: OutboundPolicy = {
        ...policy,
        allowHosts: [...(policy.allowHosts ?? []), 'localhost'],
        allowPorts: [port],
      };
      const subscription = push.createSubscription();
      const sent = sendOutbound(
        {
          method: 'POST',
          url: `https://localhost:${port}/push/${subscription.id}`,
          headers: { ttl: '60' },
          body: Buffer.from('x'),
          timeoutMs: 2000,
          maxResponseBytes: 1024,
        },
        widened,
      );
      await expect(sent).rejects.toBeInstanceOf(OutboundRefused);
      await expect(sent).rejects.toMatchObject({ reason: 'private_address' });
      expect([...push.received(), ...push.rejected()]).toEqual([]);
    });
  });

  it('does not follow a redirect from the push service: counted as failed, delivered nowhere else', async () => {
    const bobs = await subscribe(bob);
    // The second subscription is on the test origin itself: a followed redirect would be allowed
    // there, so its silence shows no redirect was followed at all.
    const other = push.createSubscription();
    for (const location of ['http://169.254.169.254/', `${push.origin}/push/${other.id}`]) {
      push.reset();
      const failedBefore = await failedTotal();
      push.answerNext(bobs.id, 302, 1, { Location: location });
      await messageCalls(t, ada)
        .send(direct.id, { text: `redirected to ${location}` })
        .expect(201);
      for (let i = 0; i < 50 && (await failedTotal()) === failedBefore; i++) await sleep(100);
      expect(await failedTotal()).toBe(failedBefore + 1);
      // Past the collapse window and a retry's backoff: nothing more comes.
      await sleep(COLLAPSE_MS * 5);
      expect(
        push.rejected().map(({ subscriptionId, status }) => ({ subscriptionId, status })),
      ).toEqual([{ subscriptionId: bobs.id, status: 302 }]);
      expect(push.received()).toEqual([]);
    }
  });
});
