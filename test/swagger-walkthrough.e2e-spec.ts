import type { AuthSession, ChatView } from '@app/contracts';
import { bearer, outboxMessages, waitForOtpCode, type TestApp } from '@app/testing';
import {
  defaultBody,
  errorExampleProblems,
  operationsOf,
  PUBLIC_ROUTES,
  swaggerUiOptions,
  type SwaggerDocument,
} from './swagger-ui-samples';
import { startTestApp } from './test-app';

/**
 * What an integrator does in Swagger UI, in one process: ask for a sign-in code, read it from the
 * development outbox, sign in, create a chat, send a message, each with the body "Try it out"
 * offers as it is; then read every route's error examples.
 */
describe('The Swagger walk-through', () => {
  let t: TestApp;
  let doc: SwaggerDocument;

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http().get('/docs-json').expect(200)).body as SwaggerDocument;
  });

  afterAll(async () => {
    await t.close();
  });

  const tryItOut = (method: 'post' | 'put' | 'patch', path: string, session?: AuthSession) => {
    const call = t
      .http()
      [method](path)
      .send(defaultBody(doc, method, path) as object);
    return session ? call.set(bearer(session)) : call;
  };

  it('signs in with the default bodies and the code from the outbox, then sends the default message', async () => {
    const { email } = defaultBody(doc, 'post', '/api/v1/auth/otp/request') as { email: string };
    const sent = outboxMessages(t.outboxDir, email).length;
    await tryItOut('post', '/api/v1/auth/otp/request').expect(202);
    const code = await waitForOtpCode(t.outboxDir, email, sent + 1);

    const verify = defaultBody(doc, 'post', '/api/v1/auth/otp/verify') as Record<string, unknown>;
    expect(verify).toEqual({ email, code: expect.any(String) });
    const session = (
      await t
        .http()
        .post('/api/v1/auth/otp/verify')
        .send({ ...verify, code })
        .expect(200)
    ).body as AuthSession;

    const chat = (await tryItOut('post', '/api/v1/chats/groups', session).expect(201))
      .body as ChatView;
    const messages = `/api/v1/chats/{id}/messages`;
    const send = () =>
      t
        .http()
        .post(messages.replace('{id}', chat.id))
        .set(bearer(session))
        .send(defaultBody(doc, 'post', messages) as object);
    expect(defaultBody(doc, 'post', messages)).toEqual({
      clientMessageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      text: expect.any(String),
    });
    const first = await send().expect(201);
    // The same example again is a retry: the original message, a success.
    const again = await send().expect(200);
    expect(again.body).toEqual(first.body);
  });

  it('gives every error response of every route an example of its own status and code', () => {
    expect(errorExampleProblems(doc)).toEqual([]);
  });

  it('marks the routes that need no sign-in as such, and asks a bearer token of every other', () => {
    expect(Object.keys(doc.components.securitySchemes ?? {})).toEqual(['bearer']);
    expect(doc.security).toEqual([{ bearer: [] }]);
    const open = operationsOf(doc)
      .filter(([, , op]) => op.security?.length === 0)
      .map(([method, path]) => `${method.toUpperCase()} ${path}`);
    expect(open.sort()).toEqual(PUBLIC_ROUTES);
    const locked = operationsOf(doc).filter(([, , op]) => op.security !== undefined);
    expect(locked).toHaveLength(PUBLIC_ROUTES.length);
  });

  it('says where the sign-in code goes in development, and links the socket protocol it serves', async () => {
    const outbox = /without `SMTP_URL`.*written to `DATA_DIR\/outbox`/i;
    expect(doc.info.description).toMatch(outbox);
    expect(doc.paths['/api/v1/auth/otp/request'].post.description).toMatch(outbox);
    const link = /\[realtime\.md\]\((\/[^)]+)\)/.exec(doc.info.description ?? '')?.[1];
    expect(link).toBe('/docs/realtime.md');
    const page = await t
      .http()
      .get(link as string)
      .expect(200);
    expect(page.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(page.text).toMatch(/^# Real-time protocol \(Socket\.IO\)/);
    expect(page.text).toContain('### `message:send`');
  });

  it('makes the requests of Swagger UI carry and take no cookies, so the app keeps its session', async () => {
    const init = await t.http().get('/docs/swagger-ui-init.js').expect(200);
    const { requestInterceptor } = swaggerUiOptions(init.text) as {
      requestInterceptor: (request: { credentials: string }) => { credentials: string };
    };
    expect(requestInterceptor({ credentials: 'same-origin' })).toEqual({ credentials: 'omit' });
  });
});
