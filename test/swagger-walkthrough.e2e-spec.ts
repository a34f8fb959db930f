import { ERROR_CODES, isErrorCode, type AuthSession, type ChatView } from '@app/contracts';
import { bearer, outboxMessages, waitForOtpCode, type TestApp } from '@app/testing';
import { defaultBody, operationsOf, type SwaggerDocument } from './swagger-ui-samples';
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
    const problems = operationsOf(doc).flatMap(([method, path, op]) => {
      const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
      const shown = errors.map(([status, response]) => {
        const media = response.content?.['application/json'];
        const example = media?.example ?? media?.schema?.example;
        return { status: Number(status), example, apiError: isApiError(media?.schema) };
      });
      const misfits = shown
        .filter(({ status, example, apiError }) => !fits(status, example, apiError))
        .map(({ status, example }) => `${status}: ${JSON.stringify(example)}`);
      const distinct = new Set(shown.map(({ example }) => JSON.stringify(example))).size;
      if (distinct < shown.length) misfits.push('two statuses share an example');
      return misfits.map((problem) => `${method.toUpperCase()} ${path} ${problem}`);
    });
    expect(problems).toEqual([]);
  });
});

const isApiError = (schema: { $ref?: string } | undefined) =>
  schema?.$ref === '#/components/schemas/ApiErrorDto';

/** An API error example carries its status and a code of that status; any other needs one at all. */
function fits(status: number, example: unknown, apiError: boolean): boolean {
  if (!apiError) return example !== undefined;
  const { statusCode, code } = (example ?? {}) as { statusCode?: unknown; code?: unknown };
  return statusCode === status && isErrorCode(code) && ERROR_CODES[code].status === status;
}
