import { TEST_APP_DATABASE, type TestApp } from '@app/testing';
import { startTestApp } from './test-app';

const appDatabaseKind = TEST_APP_DATABASE ?? 'pglite';

describe('HTTP basics', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ WEB_ORIGIN: 'https://chat.example.com' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('reports liveness at /health without signing in', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('reports each configured backing service at /health/ready', async () => {
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      checks: {
        database: { status: 'up', kind: appDatabaseKind, latencyMs: expect.any(Number) },
        kv: { status: 'up', kind: 'memory' },
      },
    });
  });

  it('gives every response a request id, keeping a well-formed one the caller sent', async () => {
    const minted = await t.http().get('/health').expect(200);
    expect(minted.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await t.http().get('/health').set('x-request-id', 'trace-42.a:b').expect(200);
    expect(kept.headers['x-request-id']).toBe('trace-42.a:b');
    const replaced = await t
      .http()
      .get('/health')
      .set('x-request-id', 'bad id with spaces')
      .expect(200);
    expect(replaced.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  it('allows cross-origin requests from WEB_ORIGIN only', async () => {
    const allowed = await t
      .http()
      .get('/health')
      .set('Origin', 'https://chat.example.com')
      .expect(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://chat.example.com');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const other = await t.http().get('/health').set('Origin', 'https://evil.example').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends security headers and hides the framework', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    // The web client previews an image (a blob: URL) before uploading it.
    expect(res.headers['content-security-policy']).toContain("img-src 'self' data: blob:");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('serves a page at / that links to the API documentation', async () => {
    const res = await t.http().get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('href="/docs"');
  });

  it('documents every route with its auth schemes and error shape in OpenAPI at /docs-json', async () => {
    const res = await t.http().get('/docs-json').expect(200);
    const doc = res.body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/auth/login',
      '/api/v1/auth/logout',
      '/api/v1/auth/otp/request',
      '/api/v1/auth/otp/verify',
      '/api/v1/auth/refresh',
      '/api/v1/auth/register',
      '/api/v1/auth/sessions',
      '/api/v1/auth/sessions/{id}',
      '/api/v1/auth/sign-out-everywhere',
      '/api/v1/chats',
      '/api/v1/chats/direct',
      '/api/v1/chats/groups',
      '/api/v1/chats/{id}',
      '/api/v1/chats/{id}/members',
      '/api/v1/chats/{id}/members/{userId}',
      '/api/v1/chats/{id}/messages',
      '/api/v1/chats/{id}/messages/{seq}',
      '/api/v1/chats/{id}/messages/{seq}/previews/{index}',
      '/api/v1/chats/{id}/messages/{seq}/reactions/{emoji}',
      '/api/v1/chats/{id}/mute',
      '/api/v1/chats/{id}/notify',
      '/api/v1/chats/{id}/read',
      '/api/v1/media',
      '/api/v1/media/files',
      '/api/v1/media/{id}',
      '/api/v1/media/{id}/thumbnail',
      '/api/v1/messages/search',
      '/api/v1/push/settings',
      '/api/v1/push/subscriptions',
      '/api/v1/push/subscriptions/renewal',
      '/api/v1/push/subscriptions/{id}',
      '/api/v1/push/vapid-public-key',
      '/api/v1/users',
      '/api/v1/users/me',
      '/api/v1/users/me/blocks',
      '/api/v1/users/{id}',
      '/api/v1/users/{id}/block',
      '/health',
      '/health/ready',
      '/metrics',
    ]);
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['bearer']);
    expect(doc.components.schemas).toHaveProperty('ApiErrorDto');
    expect(doc.paths['/api/v1/auth/otp/request'].post.responses).toHaveProperty('429');
    expect(doc.paths['/api/v1/users/{id}'].get.responses).toHaveProperty('404');
    expect(Object.keys(doc.paths['/api/v1/media'].post.responses).sort()).toEqual(
      ['201', '400', '401', '413', '415', '429', '503'].sort(),
    );
    await t.http().get('/docs').expect(200);
  });
});

describe('Per-address rate limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_PER_MINUTE: '8' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After past the sign-in limit, without touching other routes', async () => {
    for (let i = 0; i < 3; i += 1) {
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: `x${i}@example.com`, password: 'whatever' })
        .expect(401);
    }
    const limited = await t
      .http()
      .post('/api/v1/auth/otp/request')
      .send({ email: 'y@example.com' })
      .expect(429);
    expect(limited.body.message).toMatch(/at most 3 per 60 s/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await t.http().get('/health/ready').expect(200);
  });

  it('limits all routes together, but never the health probes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await t.http().get('/api/v1/users/me')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    for (let i = 0; i < 20; i += 1) await t.http().get('/health').expect(200);
  });
});
