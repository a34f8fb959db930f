import type { AuthSession, ChatView } from '@app/contracts';
import { bearer, otpCodeIn, type Origin, type SmtpSink } from '@app/testing';
import { defaultBody, type SwaggerDocument } from '../swagger-ui-samples';

/**
 * The Swagger walk-through of test/swagger-walkthrough.e2e-spec.ts through nginx, on the one
 * document of the whole deployment: ask for a code with the body "Try it out" offers (user-service),
 * take the code from the e-mail mail-service sent, sign in, create a group and send the default
 * message twice (chat-service), the second a retry answered with the first.
 */
export async function walkThrough(
  origin: Origin,
  sink: SmtpSink,
  doc: SwaggerDocument,
): Promise<{ first: unknown; again: unknown; status: [number, number] }> {
  const tryItOut = (method: 'post', path: string, session?: AuthSession) => {
    const call = origin
      .http()
      [method](path)
      .send(defaultBody(doc, method, path) as object);
    return session ? call.set(bearer(session)) : call;
  };
  const { email } = defaultBody(doc, 'post', '/api/v1/auth/otp/request') as { email: string };
  const before = sink.to(email).length;
  await tryItOut('post', '/api/v1/auth/otp/request').expect(202);
  const mails = await sink.waitFor(email, before + 1);
  const verify = defaultBody(doc, 'post', '/api/v1/auth/otp/verify') as Record<string, unknown>;
  const session = (
    await origin
      .http()
      .post('/api/v1/auth/otp/verify')
      .send({ ...verify, code: otpCodeIn(mails[mails.length - 1].raw) })
      .expect(200)
  ).body as AuthSession;

  const chat = (await tryItOut('post', '/api/v1/chats/groups', session).expect(201))
    .body as ChatView;
  const messages = '/api/v1/chats/{id}/messages';
  const send = () =>
    origin
      .http()
      .post(messages.replace('{id}', chat.id))
      .set(bearer(session))
      .send(defaultBody(doc, 'post', messages) as object);
  const first = await send();
  const again = await send();
  return { first: first.body, again: again.body, status: [first.status, again.status] };
}
