import type { AuthSession, ChatView } from '@app/contracts';
import {
  bearer,
  clientMessageId,
  connectClient,
  createGroup,
  createUsers,
  disconnectAll,
  LocalPushService,
  openDirectChat,
  sleep,
  SmtpSink,
  type TestApp,
} from '@app/testing';
import { startTestApp } from './test-app';

const WINDOW_MS = 1000;

/** "You have unread messages" e-mails for people who stay away while messages arrive. */
describe('Unread-messages reminders', () => {
  let sink: SmtpSink;
  let push: LocalPushService;
  let t: TestApp;
  let ada: AuthSession;
  let bob: AuthSession;
  let chat: ChatView;

  beforeAll(async () => {
    push = await LocalPushService.start();
  });

  afterAll(async () => {
    await push.close();
  });

  beforeEach(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({
      SMTP_URL: sink.url,
      PUSH_TEST_ORIGINS: push.origin,
      UNREAD_REMINDER_AFTER: `${WINDOW_MS}ms`,
      MESSAGE_RATE_LIMIT: '1000',
    });
    [ada, bob] = await createUsers(t, 2);
    chat = await openDirectChat(t, ada, bob);
  });

  afterEach(async () => {
    disconnectAll();
    await t.close();
    await sink.close();
  });

  const send = (text: string) =>
    t
      .http()
      .post(`/api/v1/chats/${chat.id}/messages`)
      .set(bearer(ada))
      .send({ clientMessageId: clientMessageId(), text })
      .expect(201);

  /** Bob opens the app and closes it again: from now on he is offline. */
  const bobVisits = async () => {
    const socket = await connectClient(t, bob);
    socket.disconnect();
    await sleep(100);
  };

  it('e-mails someone who stayed offline while messages arrived, with the right count, once', async () => {
    await bobVisits();
    const leftAt = Date.now();
    await send('one');
    await send('two');
    await send('three');
    const [mail] = await sink.waitFor(bob.user.email, 1, 5000);
    expect(mail.receivedAt - leftAt).toBeGreaterThanOrEqual(WINDOW_MS - 150);
    expect(mail.raw).toMatch(/^Subject: You have 3 unread messages\r?$/m);
    expect(mail.raw).toContain('in 1 chat since you were last online');
    await send('four');
    await sleep(WINDOW_MS * 2);
    expect(sink.to(bob.user.email)).toHaveLength(1);
    expect(sink.to(ada.user.email)).toHaveLength(0);
  });

  it('e-mails nobody who has a device that takes push: push told them already', async () => {
    const subscription = push.createSubscription();
    await t
      .http()
      .post('/api/v1/push/subscriptions')
      .set(bearer(bob))
      .send({ endpoint: subscription.endpoint, keys: subscription.keys })
      .expect(201);
    await bobVisits();
    await send('pushed, not mailed');
    await push.waitFor((p) => p.subscriptionId === subscription.id, 5000);
    await sleep(WINDOW_MS * 2);
    expect(sink.to(bob.user.email)).toHaveLength(0);
  });

  it('sends nothing if they come back online before the time is up', async () => {
    await bobVisits();
    await send('are you there?');
    const socket = await connectClient(t, bob);
    await sleep(WINDOW_MS * 2);
    expect(sink.to(bob.user.email)).toHaveLength(0);
    socket.disconnect();
  });

  it('sends nothing when no message arrived, or all were read, while they were away', async () => {
    await bobVisits();
    await sleep(WINDOW_MS * 2);
    expect(sink.to(bob.user.email)).toHaveLength(0);
    await send('read elsewhere');
    await t
      .http()
      .post(`/api/v1/chats/${chat.id}/read`)
      .set(bearer(bob))
      .send({ seq: 1 })
      .expect(200);
    await sleep(WINDOW_MS * 2);
    expect(sink.to(bob.user.email)).toHaveLength(0);
  });

  it('never sends two within one period, however often they come and go', async () => {
    for (let round = 0; round < 4; round += 1) {
      await bobVisits();
      await send(`round ${round}`);
      await sleep(WINDOW_MS / 2);
    }
    await sleep(WINDOW_MS * 2);
    const times = sink.to(bob.user.email).map((mail) => mail.receivedAt);
    expect(times.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < times.length; i += 1)
      expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(WINDOW_MS - 150);
  });

  it('sends nothing for a chat they muted, and reminds again once it is unmuted', async () => {
    await t
      .http()
      .put(`/api/v1/chats/${chat.id}/mute`)
      .set(bearer(bob))
      .send({ until: null })
      .expect(200);
    await bobVisits();
    await send('while muted');
    await sleep(WINDOW_MS * 2);
    expect(sink.to(bob.user.email)).toHaveLength(0);
    await t.http().delete(`/api/v1/chats/${chat.id}/mute`).set(bearer(bob)).expect(200);
    await bobVisits();
    await send('after the mute');
    await sink.waitFor(bob.user.email, 1, 5000);
  });
});

/** A mention does not wait for the usual delay (here 20 s). */
describe('Unread reminders of mentions', () => {
  const AFTER_MS = 20_000;
  let sink: SmtpSink;
  let t: TestApp;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({ SMTP_URL: sink.url, UNREAD_REMINDER_AFTER: `${AFTER_MS}ms` });
  });

  afterAll(async () => {
    disconnectAll();
    await t?.close();
    await sink?.close();
  });

  it('e-mails someone offline who is mentioned at once, not after the delay, and only once', async () => {
    const [ada, bob, cy] = await createUsers(t, 3);
    const group = await createGroup(t, ada, [bob, cy]);
    for (const person of [bob, cy]) (await connectClient(t, person)).disconnect();
    await sleep(100);
    const mention = (text: string, mentions: string[]) =>
      t
        .http()
        .post(`/api/v1/chats/${group.id}/messages`)
        .set(bearer(ada))
        .send({ clientMessageId: clientMessageId(), text, mentions })
        .expect(201);
    const mentionedAt = Date.now();
    await mention('@bob look', [bob.user.id]);
    const [mail] = await sink.waitFor(bob.user.email, 1, 5000);
    expect(mail.receivedAt - mentionedAt).toBeLessThan(AFTER_MS / 4);
    await mention('@bob again', [bob.user.id]);
    await sleep(1500);
    expect(sink.to(bob.user.email)).toHaveLength(1);
    // Cy was not mentioned: his reminder keeps its usual delay.
    expect(sink.to(cy.user.email)).toHaveLength(0);
  });

  it('does not bring the reminder forward for a mention in a chat they muted', async () => {
    const [ada, bob] = await createUsers(t, 2);
    const group = await createGroup(t, ada, [bob]);
    await t
      .http()
      .put(`/api/v1/chats/${group.id}/mute`)
      .set(bearer(bob))
      .send({ until: null })
      .expect(200);
    const direct = await openDirectChat(t, ada, bob);
    (await connectClient(t, bob)).disconnect();
    await sleep(100);
    const send = (chatId: string, body: object) =>
      t
        .http()
        .post(`/api/v1/chats/${chatId}/messages`)
        .set(bearer(ada))
        .send({ clientMessageId: clientMessageId(), ...body })
        .expect(201);
    // Unread elsewhere, which an early reminder would be about.
    await send(direct.id, { text: 'unread, in a chat not muted' });
    await send(group.id, { text: '@bob muted', mentions: [bob.user.id] });
    await sleep(1500);
    expect(sink.to(bob.user.email)).toHaveLength(0);
  });
});
