import type { AuthSession, ChatView, SendMessagePayload } from '@app/contracts';
import {
  bearer,
  clientMessageId,
  connectClient,
  createGroup,
  createUsers,
  disconnectAll,
  emitAck,
  openDirectChat,
  type TestApp,
} from '@app/testing';
import { blockCalls } from './block-calls';
import { messageCalls } from './message-calls';
import { startTestApp } from './test-app';

/** Sends one person may make per window here: low enough for a test to pass it. */
const MESSAGE_RATE_LIMIT = 3;

describe('Error codes: one vocabulary for REST bodies and socket acks', () => {
  let t: TestApp;
  let owner: AuthSession;
  let outsider: AuthSession;
  let group: ChatView;

  beforeAll(async () => {
    t = await startTestApp({ MESSAGE_RATE_LIMIT: String(MESSAGE_RATE_LIMIT) });
    [owner, outsider] = await createUsers(t, 2);
    group = await createGroup(t, owner, []);
  });

  afterEach(() => disconnectAll());

  afterAll(async () => {
    await t.close();
  });

  /** `message:send` to the group; `text` may be deliberately malformed. */
  const sendOverSocket = async (session: AuthSession, text: unknown) =>
    emitAck(await connectClient(t, session), 'message:send', {
      chatId: group.id,
      clientMessageId: clientMessageId(),
      text,
    } as SendMessagePayload);

  it('says `not_a_member` to someone writing to a chat they are not in, over REST and socket', async () => {
    const rest = await messageCalls(t, outsider).send(group.id, { text: 'hi' }).expect(403);
    expect(rest.body).toEqual({
      statusCode: 403,
      code: 'not_a_member',
      error: 'Forbidden',
      message: 'You are not a member of this chat',
    });
    expect(await sendOverSocket(outsider, 'hi')).toEqual({
      ok: false,
      error: { code: 'not_a_member', message: 'You are not a member of this chat' },
    });
  });

  it('says `validation_failed` to a malformed request, over REST and socket', async () => {
    const rest = await messageCalls(t, owner).send(group.id, { text: 42 }).expect(400);
    expect(rest.body).toMatchObject({ statusCode: 400, code: 'validation_failed' });
    expect(await sendOverSocket(owner, 42)).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', details: [{ field: 'text' }] },
    });
  });

  it('says `blocked` to the person who blocked the other, and to the other, over REST and socket', async () => {
    const [ada, bob] = await createUsers(t, 2);
    const chat = await openDirectChat(t, ada, bob);
    await blockCalls(t, ada).block(bob).expect(204);
    const reopen = (who: AuthSession, other: AuthSession) =>
      t.http().post('/api/v1/chats/direct').set(bearer(who)).send({ userId: other.user.id });
    expect((await reopen(ada, bob).expect(403)).body).toMatchObject({
      code: 'blocked',
      message: 'You blocked this person: unblock them first',
    });
    expect((await reopen(bob, ada).expect(403)).body).toMatchObject({
      code: 'blocked',
      message: 'You cannot send messages to this person',
    });
    expect(
      (await messageCalls(t, ada).send(chat.id, { text: 'hi' }).expect(403)).body,
    ).toMatchObject({
      code: 'blocked',
      message: 'You blocked this person: unblock them to send messages',
    });
    expect(
      (await messageCalls(t, bob).send(chat.id, { text: 'hi' }).expect(403)).body,
    ).toMatchObject({
      code: 'blocked',
      message: 'You cannot send messages to this person',
    });
    const typing = await emitAck(await connectClient(t, bob), 'typing:start', { chatId: chat.id });
    expect(typing).toEqual({
      ok: false,
      error: { code: 'blocked', message: 'You cannot send messages to this person' },
    });
  });

  it('says `rate_limited` past the message rate, with when to retry, over REST and socket', async () => {
    const [sender] = await createUsers(t, 1);
    const chat = await createGroup(t, sender, []);
    const calls = messageCalls(t, sender);
    for (let i = 0; i < MESSAGE_RATE_LIMIT; i += 1)
      await calls.send(chat.id, { text: `${i}` }).expect(201);
    const rest = await calls.send(chat.id, { text: 'one too many' }).expect(429);
    expect(rest.body).toMatchObject({
      statusCode: 429,
      code: 'rate_limited',
      details: { retryAfterSec: expect.any(Number) },
    });
    const ack = await emitAck(await connectClient(t, sender), 'message:send', {
      chatId: chat.id,
      clientMessageId: clientMessageId(),
      text: 'still too many',
    });
    expect(ack).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', retryAfterMs: expect.any(Number) },
    });
  });
});
