import { io } from 'socket.io-client';
import {
  ackData,
  clientMessageId,
  connectClient,
  connectError,
  createGroup,
  disconnectAll,
  emitAck,
  openDirectChat,
  registerUser,
  type TestApp,
} from '@app/testing';
import { startTestApp } from './test-app';

/** What one signed-in socket may ask for, and whom it may see. */
describe('Limits of one socket', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '600' });
  });

  afterEach(() => disconnectAll());

  afterAll(async () => {
    await t.close();
  });

  it('answers a flood of presence:get with rate_limited and a wait, and /health stays quick', async () => {
    const ada = await registerUser(t);
    const socket = await connectClient(t, ada);
    const answers = await Promise.all(
      Array.from({ length: 300 }, () => emitAck(socket, 'presence:get', { userIds: [] })),
    );
    const limited = answers.filter((a) => !a.ok);
    expect(limited.length).toBeGreaterThan(250);
    for (const answer of limited) {
      expect(answer).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
      expect(answer.ok || answer.error.retryAfterMs).toBeGreaterThan(0);
    }
    const started = Date.now();
    await t.http().get('/health').expect(200);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('limits typing and read marks per person too', async () => {
    const [ada, bob] = [await registerUser(t), await registerUser(t)];
    const chat = await openDirectChat(t, ada, bob);
    const socket = await connectClient(t, ada);
    for (const event of ['typing:start', 'message:read'] as const) {
      const answers = await Promise.all(
        Array.from({ length: 200 }, () => emitAck(socket, event, { chatId: chat.id, seq: 0 })),
      );
      expect(answers.some((a) => !a.ok && a.error.code === 'rate_limited')).toBe(true);
    }
  });

  it('folds repeated cursors of one chat and bounds the answer in bytes', async () => {
    const [ada, bob] = [await registerUser(t), await registerUser(t)];
    const chat = await openDirectChat(t, ada, bob);
    const socket = await connectClient(t, ada);
    const text = 'x'.repeat(4000);
    for (let i = 0; i < 30; i += 1) {
      await ackData(socket, 'message:send', {
        chatId: chat.id,
        clientMessageId: clientMessageId(),
        text,
      });
    }
    const cursors = Array.from({ length: 100 }, () => ({ chatId: chat.id, afterSeq: 0 }));
    const result = await ackData(socket, 'chat:sync', { cursors });
    expect(result.chats).toHaveLength(1);
    expect(result.chats[0].messages).toHaveLength(30);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThan(1_100_000);
  });

  it('answers presence only for people who share a chat with the caller', async () => {
    const [ada, bob, stranger] = [
      await registerUser(t),
      await registerUser(t),
      await registerUser(t),
    ];
    await createGroup(t, ada, [bob]);
    await connectClient(t, stranger);
    const socket = await connectClient(t, ada);
    const states = await ackData(socket, 'presence:get', {
      userIds: [bob.user.id, stranger.user.id],
    });
    expect(states.map((s) => s.userId)).toEqual([bob.user.id]);
  });

  it('refuses a cookie-authenticated handshake from a foreign origin, and takes it from ours', async () => {
    const ada = await registerUser(t);
    const cookie = `access_token=${ada.accessToken}`;
    const refused = await connectError(t, {}, { cookie, origin: 'http://evil.example' });
    expect(refused.message).toBe('unauthorized');
    const socket = io(t.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie, origin: t.config.http.webOrigins[0] },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    socket.disconnect();
  });

  it('limits new connections per address', async () => {
    const sockets = Array.from({ length: 150 }, () =>
      io(t.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: {} }),
    );
    const outcomes = await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<string>((resolve) => {
            socket.once('connect', () => resolve('connected'));
            socket.once('connect_error', (error) => resolve(error.message));
          }),
      ),
    );
    sockets.forEach((socket) => socket.disconnect());
    // Past the burst, the handshake is refused before any work: the client sees a transport error.
    expect(outcomes.filter((o) => o === 'unauthorized').length).toBeLessThanOrEqual(70);
    expect(outcomes.filter((o) => o !== 'unauthorized').length).toBeGreaterThan(50);
  });
});
