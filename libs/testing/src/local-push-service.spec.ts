import { createPrivateKey, sign } from 'node:crypto';
import { generateRequestDetails, generateVAPIDKeys, getVapidHeaders } from 'web-push';
import { LocalPushService, type LocalPushSubscription } from './local-push-service';

const SUBJECT = 'mailto:ops@chat.example';

describe('LocalPushService', () => {
  const vapid = generateVAPIDKeys();
  const vapidDetails = { subject: SUBJECT, ...vapid };
  let service: LocalPushService;
  let subscription: LocalPushSubscription;

  beforeAll(async () => {
    service = await LocalPushService.start();
  });
  afterAll(() => service.close());
  beforeEach(() => {
    service.reset();
    subscription = service.createSubscription();
  });

  /** What the server under test does: web-push builds the request, plain fetch sends it. */
  function push(
    payload: string,
    options: Parameters<typeof generateRequestDetails>[2] = {},
    change: (headers: Record<string, string>) => void = () => undefined,
  ): Promise<Response> {
    const details = generateRequestDetails(subscription, payload, {
      vapidDetails,
      TTL: 60,
      ...options,
    });
    const headers = { ...details.headers } as Record<string, string>;
    change(headers);
    return fetch(details.endpoint, { method: 'POST', headers, body: new Uint8Array(details.body) });
  }

  /** VAPID headers as web-push makes them, for a chosen audience, key or expiry. */
  function vapidHeader(audience: string, expiration?: number, keys = vapid): string {
    const made = getVapidHeaders(
      audience,
      SUBJECT,
      keys.publicKey,
      keys.privateKey,
      'aes128gcm',
      expiration,
    );
    return made.Authorization;
  }

  it('makes subscriptions in the browser shape', () => {
    expect(subscription.endpoint).toBe(`${service.origin}/push/${subscription.id}`);
    expect(service.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Buffer.from(subscription.keys.p256dh, 'base64url')).toHaveLength(65);
    expect(Buffer.from(subscription.keys.auth, 'base64url')).toHaveLength(16);
    expect(subscription.keys.p256dh).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('accepts a push web-push makes and decrypts its payload', async () => {
    const payload = { type: 'message', chatId: 'c1', body: 'Hello ünïcode' };
    const res = await push(JSON.stringify(payload), { urgency: 'high', topic: 'chat1', TTL: 120 });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(/\/message\//);
    expect(service.received(subscription.id)).toEqual([
      expect.objectContaining({ payload, ttl: 120, urgency: 'high', topic: 'chat1' }),
    ]);
    expect(service.rejected()).toEqual([]);
  });

  it('keeps a payload that is not JSON as text', async () => {
    expect((await push('plain words')).status).toBe(201);
    expect(service.received()[0].payload).toBe('plain words');
  });

  it.each<[string, (headers: Record<string, string>) => void, number, RegExp]>([
    ['no Authorization', (h) => delete h.Authorization, 401, /no vapid/],
    [
      'a wrong VAPID signature',
      (h) => (h.Authorization = tamperSignature(h.Authorization)),
      403,
      /signature/,
    ],
    ['no TTL', (h) => delete h.TTL, 400, /TTL header missing/],
    ['a negative TTL', (h) => (h.TTL = '-1'), 400, /TTL/],
    ['the old aesgcm encoding', (h) => (h['Content-Encoding'] = 'aesgcm'), 400, /Content-Encoding/],
    ['a bad Urgency', (h) => (h.Urgency = 'urgent'), 400, /Urgency/],
    ['a Topic over 32 characters', (h) => (h.Topic = 'a'.repeat(33)), 400, /Topic/],
  ])('rejects a push with %s', async (_, change, status, reason) => {
    expect((await push('{}', {}, change)).status).toBe(status);
    expect(service.rejected()).toEqual([
      expect.objectContaining({
        subscriptionId: subscription.id,
        status,
        reason: expect.stringMatching(reason),
      }),
    ]);
    expect(service.received()).toEqual([]);
  });

  it('rejects a token signed by another key than k', async () => {
    const other = generateVAPIDKeys();
    const forged = vapidHeader(service.origin, undefined, other).replace(
      /k=[\w-]+/,
      `k=${vapid.publicKey}`,
    );
    expect((await push('{}', {}, (h) => (h.Authorization = forged))).status).toBe(403);
  });

  it('rejects a token for another audience', async () => {
    const wrong = vapidHeader('https://fcm.googleapis.com');
    expect((await push('{}', {}, (h) => (h.Authorization = wrong))).status).toBe(403);
    expect(service.rejected()[0].reason).toMatch(/aud/);
  });

  it('rejects an expired token', async () => {
    const expired = vapidHeader(service.origin, Math.floor(Date.now() / 1000) - 60);
    expect((await push('{}', {}, (h) => (h.Authorization = expired))).status).toBe(403);
    expect(service.rejected()[0].reason).toMatch(/expired/);
  });

  it.each<[string, (now: number) => Record<string, unknown>, RegExp]>([
    ['expiring more than 24 h ahead', (now) => ({ exp: now + 24 * 3600 + 120 }), /24 h/],
    ['with a subject that is not mailto: or https:', () => ({ sub: 'http://chat.example' }), /sub/],
    ['without a subject', () => ({ sub: undefined }), /sub/],
  ])('rejects a token %s', async (_, change, reason) => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { aud: service.origin, exp: now + 3600, sub: SUBJECT, ...change(now) };
    const header = `vapid t=${signToken(claims, vapid)}, k=${vapid.publicKey}`;
    expect((await push('{}', {}, (h) => (h.Authorization = header))).status).toBe(403);
    expect(service.rejected()[0].reason).toMatch(reason);
  });

  it('accepts a token it signs itself the same way, so the cases above fail for their reason', async () => {
    const claims = { aud: service.origin, exp: Math.floor(Date.now() / 1000) + 3600, sub: SUBJECT };
    const header = `vapid t=${signToken(claims, vapid)}, k=${vapid.publicKey}`;
    expect((await push('{}', {}, (h) => (h.Authorization = header))).status).toBe(201);
  });

  it('answers 413 for a body over 4096 bytes', async () => {
    expect((await push(JSON.stringify('x'.repeat(4000)))).status).toBe(413);
  });

  it('rejects a payload encrypted for another subscription', async () => {
    const other = service.createSubscription();
    const details = generateRequestDetails(other, '{}', { vapidDetails, TTL: 0 });
    const res = await fetch(subscription.endpoint, {
      method: 'POST',
      headers: details.headers as Record<string, string>,
      body: new Uint8Array(details.body),
    });
    expect(res.status).toBe(400);
    expect(service.rejected()[0].reason).toMatch(/decrypt/);
  });

  it('holds a restricted subscription to its applicationServerKey', async () => {
    subscription = service.createSubscription({
      applicationServerKey: generateVAPIDKeys().publicKey,
    });
    expect((await push('{}')).status).toBe(403);
    subscription = service.createSubscription({ applicationServerKey: vapid.publicKey });
    expect((await push('{}')).status).toBe(201);
  });

  it('answers 404 for an unknown subscription', async () => {
    const res = await fetch(`${service.origin}/push/nope`, { method: 'POST' });
    expect(res.status).toBe(404);
  });

  it('answers as programmed, then normally again', async () => {
    service.answerNext(subscription.id, 429, 2, { 'retry-after': '3' });
    const first = await push('{}');
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '3']);
    expect((await push('{}')).status).toBe(429);
    expect((await push('{}')).status).toBe(201);
    service.answerNext(subscription.id, 410);
    expect((await push('{}')).status).toBe(410);
    expect(service.rejected().map((r) => r.status)).toEqual([429, 429, 410]);
  });

  it('answers 410 for good once a subscription is gone', async () => {
    service.gone(subscription.id);
    for (let i = 0; i < 3; i++) expect((await push('{}')).status).toBe(410);
    expect(service.received()).toEqual([]);
  });

  it('waitFor resolves with the matching pushes as they arrive', async () => {
    const waiting = service.waitFor((m) => m.topic === 'later', 2000);
    await push('"one"', { topic: 'later' });
    expect((await waiting).map((m) => m.payload)).toEqual(['one']);
  });

  it('waitFor rejects after its timeout, listing what did arrive', async () => {
    await push('"unrelated"');
    await push('{}', {}, (h) => delete h.TTL);
    const started = Date.now();
    await expect(service.waitFor((m) => m.topic === 'never', 100)).rejects.toThrow(
      /no matching push within 100 ms.*unrelated.*TTL header missing/s,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

/** The same token with one bit of its signature flipped. */
function tamperSignature(authorization: string): string {
  return authorization.replace(
    /t=([\w-]+\.[\w-]+\.)([\w-]+)/,
    (_, signed: string, signature: string) => {
      const raw = Buffer.from(signature, 'base64url');
      raw[10] ^= 1;
      return `t=${signed}${raw.toString('base64url')}`;
    },
  );
}

/** An ES256 JWT over `claims`, signed with a web-push VAPID key pair (raw keys, base64url). */
function signToken(
  claims: Record<string, unknown>,
  keys: { publicKey: string; privateKey: string },
) {
  const pub = Buffer.from(keys.publicKey, 'base64url');
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    x: pub.subarray(1, 33).toString('base64url'),
    y: pub.subarray(33).toString('base64url'),
    d: keys.privateKey,
  };
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${part({ typ: 'JWT', alg: 'ES256' })}.${part(claims)}`;
  const key = createPrivateKey({ key: jwk, format: 'jwk' });
  const signature = sign('sha256', Buffer.from(signed), { key, dsaEncoding: 'ieee-p1363' });
  return `${signed}.${signature.toString('base64url')}`;
}
