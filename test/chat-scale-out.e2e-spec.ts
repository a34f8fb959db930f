import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  ackData,
  bearer,
  clientMessageId,
  connectClient,
  createGroup,
  createPostgresTestDatabase,
  createUsers,
  disconnectAll,
  freePort,
  nextEvent,
  openDirectChat,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
  type PostgresTestDatabase,
  type TestApp,
} from '@app/testing';
import { offlineChangesCaughtUp } from './offline-changes';
import { startTestApp } from './test-app';

const PRESENCE_TTL_MS = 2000;

/** Two instances of the app on one PostgreSQL and one Redis, as in a scaled-out deployment. */
describe('Two app instances on one Redis', () => {
  let database: PostgresTestDatabase;
  let env: Record<string, string>;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: uniqueRedisPrefix('scale'),
      PRESENCE_TTL: `${PRESENCE_TTL_MS / 1000}s`,
    };
    a = await startTestApp(env);
    b = await startTestApp(env);
  });

  afterEach(() => disconnectAll());

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('catches a client up on edits, deletions and reactions made on the other instance while it was offline', async () => {
    await offlineChangesCaughtUp(a, b);
  });

  it('delivers a message sent on one instance to a member connected to the other', async () => {
    const [ada, bob] = await createUsers(a, 2);
    const chat = await openDirectChat(a, ada, bob);
    const [onA, onB] = await Promise.all([connectClient(a, ada), connectClient(b, bob)]);
    const received = nextEvent(onB, 'message:new');
    const sent = await ackData(onA, 'message:send', {
      chatId: chat.id,
      clientMessageId: clientMessageId(),
      text: 'across',
    });
    expect((await received).message).toEqual(sent);
  });

  it('announces a new chat at once to people on the instance where it was made and on the other', async () => {
    const [ada, bob, cy] = await createUsers(a, 3);
    const [bobOnA, cyOnB] = await Promise.all([connectClient(a, bob), connectClient(b, cy)]);
    const toBob = nextEvent(bobOnA, 'chat:updated');
    const direct = await openDirectChat(a, ada, bob);
    expect(await toBob).toMatchObject({ reason: 'created', chat: { id: direct.id } });
    const toCy = nextEvent(cyOnB, 'chat:updated');
    const group = await createGroup(a, ada, [cy], 'Fresh');
    expect(await toCy).toMatchObject({ reason: 'created', chat: { id: group.id } });
    // Their sockets are in the new rooms: typing (not caught up later) reaches them.
    const adaOnA = await connectClient(a, ada);
    const typing = nextEvent(bobOnA, 'typing');
    await ackData(adaOnA, 'typing:start', { chatId: direct.id });
    expect(await typing).toMatchObject({ chatId: direct.id, isTyping: true });
  });

  it('ends a session’s sockets on both instances within a second of logging out on one', async () => {
    const [ada] = await createUsers(a, 1);
    const [onA, onB] = await Promise.all([connectClient(a, ada), connectClient(b, ada)]);
    const started = Date.now();
    const endings = [onA, onB].map((socket) =>
      nextEvent(socket, 'session:ended').then((event) => ({
        event,
        afterMs: Date.now() - started,
      })),
    );
    await a.http().post('/api/v1/auth/logout').set(bearer(ada)).send({}).expect(204);
    for (const { event, afterMs } of await Promise.all(endings)) {
      expect(event).toEqual({ reason: 'signed_out' });
      expect(afterMs).toBeLessThan(1000);
    }
  });

  it('moves a new member connected to the other instance into the chat', async () => {
    const [owner, newcomer] = await createUsers(a, 2);
    const group = await createGroup(a, owner, [], 'Growing');
    const newcomerOnB = await connectClient(b, newcomer);
    const ownerOnA = await connectClient(a, owner);
    const updated = nextEvent(newcomerOnB, 'chat:updated', (e) => e.chat.id === group.id);
    await a
      .http()
      .post(`/api/v1/chats/${group.id}/members`)
      .set(bearer(owner))
      .send({ userIds: [newcomer.user.id] })
      .expect(201);
    expect((await updated).reason).toBe('members_added');
    const received = nextEvent(newcomerOnB, 'message:new', (e) => e.message.kind === 'text');
    await ackData(ownerOnA, 'message:send', {
      chatId: group.id,
      clientMessageId: clientMessageId(),
      text: 'welcome',
    });
    expect((await received).message.text).toBe('welcome');
  });

  it('agrees on presence on both instances, and relays typing across them', async () => {
    const [watcher, walker] = await createUsers(a, 2);
    const chat = await openDirectChat(a, watcher, walker);
    const watcherOnA = await connectClient(a, watcher);
    const online = nextEvent(
      watcherOnA,
      'presence',
      (e) => e.userId === walker.user.id && e.online,
    );
    const walkerOnB = await connectClient(b, walker);
    await online;
    const watcherOnB = await connectClient(b, watcher);
    for (const socket of [watcherOnA, watcherOnB]) {
      expect((await ackData(socket, 'presence:get', { userIds: [walker.user.id] }))[0].online).toBe(
        true,
      );
    }
    const typing = nextEvent(watcherOnA, 'typing', (e) => e.isTyping);
    await ackData(walkerOnB, 'typing:start', { chatId: chat.id });
    expect((await typing).userId).toBe(walker.user.id);

    const offline = nextEvent(
      watcherOnA,
      'presence',
      (e) => e.userId === walker.user.id && !e.online,
    );
    walkerOnB.disconnect();
    await offline;
    for (const socket of [watcherOnA, watcherOnB]) {
      expect((await ackData(socket, 'presence:get', { userIds: [walker.user.id] }))[0].online).toBe(
        false,
      );
    }
  });

  it('shows no ghost: users of a killed instance go offline once its heartbeat expires', async () => {
    const [watcher, victim] = await createUsers(a, 2);
    await openDirectChat(a, watcher, victim);
    const watcherOnA = await connectClient(a, watcher);
    const doomed = await startInstanceProcess(env);
    try {
      const online = nextEvent(
        watcherOnA,
        'presence',
        (e) => e.userId === victim.user.id && e.online,
        10_000,
      );
      await connectClient({ ...a, url: doomed.url }, victim);
      await online;
      const offline = nextEvent(
        watcherOnA,
        'presence',
        (e) => e.userId === victim.user.id && !e.online,
        10_000,
      );
      const killedAt = Date.now();
      doomed.process.kill('SIGKILL');
      const event = await offline;
      expect(Date.now() - killedAt).toBeLessThan(PRESENCE_TTL_MS * 3);
      expect(event.lastSeenAt).not.toBeNull();
      expect(
        (await ackData(watcherOnA, 'presence:get', { userIds: [victim.user.id] }))[0].online,
      ).toBe(false);
    } finally {
      doomed.process.kill('SIGKILL');
    }
  }, 40_000);
});

/** A third instance as a real process (`src/main.ts`), so that it can be killed without any cleanup. */
async function startInstanceProcess(
  env: Record<string, string>,
): Promise<{ process: ChildProcess; url: string }> {
  // A port the system says is free now, not a random one that another suite may hold.
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'src/main.ts'],
    {
      cwd: join(__dirname, '..'),
      env: {
        PATH: process.env.PATH,
        TS_NODE_TRANSPILE_ONLY: 'true',
        LOG_LEVEL: 'silent',
        PORT: String(port),
        ...env,
      },
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`instance exited with ${child.exitCode}`);
    const healthy = await fetch(`${url}/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (healthy) return { process: child, url };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error('instance did not become healthy in 30 s');
}
