import { execFileSync, spawnSync } from 'node:child_process';
import { connect } from 'amqplib';
import request from 'supertest';
import { io } from 'socket.io-client';
import { MAIL_DEAD_LETTER_QUEUE, MAIL_REQUESTS_QUEUE, type AuthSession } from '@app/contracts';
import { eventQueueOptions } from '@app/messaging';
import {
  ackData,
  bearer,
  clientMessageId,
  collect,
  connectClient,
  createGroup,
  createUsers,
  disconnectAll,
  emitAck,
  nextEvent,
  openDirectChat,
  sleep,
  TEST_RABBITMQ_URL,
  postFile,
  uploadFile,
  uploadImage,
  type ChatClient,
} from '@app/testing';
import type { ServicesReport } from '@app/observability';
import {
  errorExampleProblems,
  operationsOf,
  PUBLIC_ROUTES,
  swaggerUiOptions,
  type SwaggerDocument,
} from '../swagger-ui-samples';
import { npmScriptCommand } from './service-process';
import { SplitDeployment, startSingleProcess } from './split-deployment';
import { walkThrough } from './swagger-walkthrough';

/** Connections open on one chat instance, from its own /metrics. */
async function socketsOn(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^chat_socket_connections (\d+)$/m.exec(text)?.[1] ?? NaN);
}

type ServiceLog = Pick<SplitDeployment['user'], 'logLinesWith'>;

describe('Split deployment: user, chat ×2 and mail services behind nginx', () => {
  let d: SplitDeployment;
  let ada: AuthSession & { requestId: string };
  let bob: AuthSession;
  let cy: AuthSession;

  beforeAll(async () => {
    d = await SplitDeployment.start();
    ada = await d.signIn('ada@split.test');
    bob = await d.signIn('bob@split.test');
    cy = await d.signIn('cy@split.test');
  });

  afterEach(() => disconnectAll());

  afterAll(async () => {
    await d?.stop();
  });

  /** Ada on chat instance A and Bob on B, both through nginx (one worker, least connections). */
  async function onBothInstances(
    first: AuthSession,
    second: AuthSession,
  ): Promise<[ChatClient, ChatClient]> {
    const a = await connectClient(d.origin, first);
    const b = await connectClient(d.origin, second);
    expect([await socketsOn(d.chatA.url), await socketsOn(d.chatB.url)]).toEqual([1, 1]);
    return [a, b];
  }

  it('signs in by e-mail code through nginx, and one request id is followed across the services', () => {
    expect(ada.accessToken).toEqual(expect.any(String));
    // nginx mints the id; user-service logs the request, mail-service the job it caused.
    expect(d.user.logLinesWith(ada.requestId).length).toBeGreaterThan(0);
    const mailLines = d.mail.logLinesWith(ada.requestId);
    expect(mailLines.some((line) => line.includes('Mail request received'))).toBe(true);
    expect(mailLines.some((line) => line.includes('E-mail to ada@split.test sent'))).toBe(true);
  });

  it('logs at boot, in each service, the adapters it chose and where each port is served', () => {
    const bootLine = (service: { logLinesWith(text: string): string[] }) =>
      service.logLinesWith(' listening on http://').join('\n');
    const expected: Array<[ServiceLog, string[]]> = [
      [
        d.user,
        [
          'user-service listening',
          'database: ',
          'key-value: Redis',
          'UserDirectory: in process',
          'MediaLibrary: RabbitMQ',
          'MailQueue: RabbitMQ',
        ],
      ],
      ...[d.chatA, d.chatB].map((chat): [ServiceLog, string[]] => [
        chat,
        [
          'chat-service listening',
          'database: ',
          'media storage: local disk',
          'UserDirectory: RabbitMQ',
          'MediaLibrary: in process',
          'MediaAccess: in process',
          'LinkPreviewImages: in process',
          'MailQueue: RabbitMQ',
          'PushNotifications: in process',
          'push: configured keys, queued in BullMQ',
        ],
      ]),
      [
        d.mail,
        [
          'mail-service listening',
          'mail: smtp, queued in BullMQ',
          'UserDirectory: RabbitMQ',
          'MailQueue: in process',
        ],
      ],
    ];
    for (const [service, fragments] of expected) {
      const line = bootLine(service);
      for (const fragment of fragments) expect(line).toContain(fragment);
      process.stdout.write(`${line.replace(/.*"msg":"([^"]*)".*/, '$1')}\n`);
    }
  });

  it("reports the broker in every service's readiness, and refuses to start without one", async () => {
    for (const service of d.services) {
      const { checks } = await service.readiness();
      expect([service.name, checks.rabbitmq?.status]).toEqual([service.name, 'up']);
    }
    const [node, main] = npmScriptCommand('start:mail');
    const start = (env: Record<string, string>) =>
      spawnSync(node, [main], {
        env: { PATH: process.env.PATH ?? '', REDIS_URL: 'redis://127.0.0.1:6379', ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });
    const missing = start({});
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Cannot start mail-service: mail-service needs RABBITMQ_URL');
    const unreachable = start({ RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:1' });
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toContain('RABBITMQ_URL: cannot reach amqp://guest:***@127.0.0.1:1');
  });

  it('serves the web client and routes the API by path', async () => {
    const page = await d.origin.http().get('/').expect(200);
    expect(page.text).toContain('<div id="root"');
    const me = await d.origin.http().get('/api/v1/users/me').set(bearer(ada)).expect(200);
    expect((me.body as { id: string }).id).toBe(ada.user.id);
    await d.origin.http().get('/api/v1/chats').set(bearer(ada)).expect(200);
  });

  it('sends the block routes under /users to chat-service, which keeps the blocks', async () => {
    const http = () => d.origin.http();
    await http().put(`/api/v1/users/${cy.user.id}/block`).set(bearer(bob)).expect(204);
    const listed = await http().get('/api/v1/users/me/blocks').set(bearer(bob)).expect(200);
    // The profile comes from user-service, over the broker.
    expect(listed.body).toEqual([
      expect.objectContaining({
        userId: cy.user.id,
        profile: expect.objectContaining({ id: cy.user.id }),
      }),
    ]);
    await http().delete(`/api/v1/users/${cy.user.id}/block`).set(bearer(bob)).expect(204);
    await http().get('/api/v1/users/me/blocks').set(bearer(bob)).expect(200, []);
    // The rest of /users is still user-service's.
    await http().get(`/api/v1/users/${cy.user.id}`).set(bearer(bob)).expect(200);
  });

  it('serves one document of every route at /docs and /docs-json, and each service its own', async () => {
    const docs = await d.origin.http().get('/docs-json').expect(200);
    expect(docs.headers['content-type']).toMatch(/^application\/json/);
    const doc = docs.body as SwaggerDocument;
    // Routes of user-service, of chat-service (blocks under /users too) and the origin's own.
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/otp/request',
        '/api/v1/users/me',
        '/api/v1/chats',
        '/api/v1/users/{id}/block',
        '/api/v1/media',
        '/health/ready',
      ]),
    );
    expect(doc.paths['/health'].get.description).toMatch(/Each instance's own `\/health`/);
    expect(doc.info.description).toMatch(/\[realtime\.md\]\(\/docs\/chat\/realtime\.md\)/);
    const page = await d.origin.http().get('/docs').expect(200);
    expect(page.text).toContain('swagger-ui-bundle.js');
    const init = await d.origin.http().get('/docs/swagger-ui-init.js').expect(200);
    const options = swaggerUiOptions(init.text) as {
      spec: SwaggerDocument;
      requestInterceptor: (request: { credentials: string }) => { credentials: string };
    };
    expect(Object.keys(options.spec.paths)).toEqual(Object.keys(doc.paths));
    expect(options.requestInterceptor({ credentials: 'same-origin' })).toEqual({
      credentials: 'omit',
    });
    for (const [service, path] of [
      ['users', '/api/v1/auth/otp/request'],
      ['chat', '/api/v1/chats'],
    ]) {
      const own = await d.origin.http().get(`/docs/${service}`).expect(200);
      expect(own.text).toContain('swagger-ui-bundle.js');
      const document = await d.origin.http().get(`/docs/${service}-json`).expect(200);
      expect(Object.keys((document.body as { paths: object }).paths)).toContain(path);
    }
  });

  it('walks through Swagger through nginx: default bodies sign in and send, every error has its example', async () => {
    const doc = (await d.origin.http().get('/docs-json').expect(200)).body as SwaggerDocument;
    const { first, again, status } = await walkThrough(d.origin, d.sink, doc);
    expect(status).toEqual([201, 200]);
    expect(again).toEqual(first);
    expect(errorExampleProblems(doc)).toEqual([]);
    const open = operationsOf(doc)
      .filter(([, , op]) => op.security?.length === 0)
      .map(([method, path]) => `${method.toUpperCase()} ${path}`);
    expect(open.sort()).toEqual(PUBLIC_ROUTES);
  });

  it('answers an API path nobody serves with a JSON 404, not the web page', async () => {
    for (const path of [
      '/api',
      '/api/v2/chats',
      '/api/v1/nothing',
      '/health/nothing',
      '/metrics/x',
    ]) {
      const res = await d.origin.http().get(path).expect(404);
      expect([path, res.headers['content-type']]).toEqual([path, expect.stringMatching(/json/)]);
      expect((res.body as { code: string }).code).toBe('not_found');
    }
    // Page routes are still the web client's.
    const page = await d.origin.http().get('/some/page').expect(200);
    expect(page.text).toContain('<div id="root"');
  });

  it('answers /health, /health/ready and /metrics for every instance of every service', async () => {
    const live = await d.origin.http().get('/health').expect(200);
    const ready = await d.origin.http().get('/health/ready').expect(200);
    for (const report of [live.body, ready.body] as ServicesReport[]) {
      expect(report.status).toBe('ok');
      expect(Object.entries(report.services).map(([name, all]) => [name, all.length])).toEqual([
        ['users', 1],
        ['chat', 2],
        ['mail', 1],
      ]);
    }
    expect((ready.body as ServicesReport).services.mail[0].checks?.mail.status).toBe('up');
    const metrics = await d.origin.http().get('/metrics').expect(200);
    expect(metrics.text).toContain('split_service_up{service="chat",replica="2"} 1');
    expect(metrics.text).toMatch(/^chat_socket_connections\{service="chat",replica="1"\} \d+$/m);
    expect(metrics.text.match(/^# TYPE process_cpu_seconds_total /gm)).toHaveLength(1);
  });

  it('delivers messages, receipts, typing and presence between people on different instances', async () => {
    const chat = await openDirectChat(d.origin, ada, bob);
    const [adaSocket, bobSocket] = await onBothInstances(ada, bob);

    const presence = await ackData(bobSocket, 'presence:get', { userIds: [ada.user.id] });
    expect(presence).toEqual([expect.objectContaining({ userId: ada.user.id, online: true })]);

    const typing = nextEvent(bobSocket, 'typing', (e) => e.isTyping);
    await ackData(adaSocket, 'typing:start', { chatId: chat.id });
    expect(await typing).toMatchObject({ chatId: chat.id, userId: ada.user.id });

    const received = nextEvent(bobSocket, 'message:new');
    const sent = await ackData(adaSocket, 'message:send', {
      chatId: chat.id,
      clientMessageId: clientMessageId(),
      text: 'Hello from instance A',
    });
    expect((await received).message).toEqual(sent);

    const receipt = nextEvent(adaSocket, 'message:read');
    await ackData(bobSocket, 'message:read', { chatId: chat.id, seq: sent.seq });
    expect(await receipt).toEqual({ chatId: chat.id, userId: bob.user.id, seq: sent.seq });

    const offline = nextEvent(bobSocket, 'presence', (e) => e.userId === ada.user.id && !e.online);
    adaSocket.disconnect();
    expect((await offline).lastSeenAt).toEqual(expect.any(String));
  });

  it('sends Web Push from chat-service: one notification for a message stored on either instance', async () => {
    const chat = await openDirectChat(d.origin, ada, cy);
    const subscription = d.push.createSubscription();
    await d.origin
      .http()
      .post('/api/v1/push/subscriptions')
      .set(bearer(cy))
      .send({ endpoint: subscription.endpoint, keys: subscription.keys })
      .expect(201);
    // The other instance believes "nobody has push" for up to a second after it last looked (it
    // spares chat from reading members while nobody has push): this is the deployment's first.
    await sleep(1100);
    const adaSocket = await connectClient(d.origin, ada);
    const sentAt = Date.now();
    await ackData(adaSocket, 'message:send', {
      chatId: chat.id,
      clientMessageId: clientMessageId(),
      text: 'Pushed through BullMQ',
    });
    const [pushed] = await d.push.waitFor((p) => p.subscriptionId === subscription.id, 10_000);
    expect(pushed.payload).toMatchObject({
      type: 'message',
      chatId: chat.id,
      body: 'Pushed through BullMQ',
    });
    // Both instances run the queue's worker: still one notification, signed with the shared key.
    await sleep(1000);
    expect(d.push.received(subscription.id)).toHaveLength(1);
    expect(d.push.rejected()).toEqual([]);
    process.stdout.write(`Split: message to push received in ${pushed.receivedAt - sentAt} ms\n`);
  });

  it('keeps a long-polling client on one instance (its session spans many requests)', async () => {
    const socket: ChatClient = io(d.origin.url, {
      auth: { token: bob.accessToken },
      transports: ['polling'],
      reconnection: false,
      forceNew: true,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      for (let n = 0; n < 6; n += 1) {
        expect((await emitAck(socket, 'presence:get', { userIds: [ada.user.id] })).ok).toBe(true);
      }
    } finally {
      socket.disconnect();
    }
  });

  it('sends an image message uploaded through nginx, and sets an avatar through user-service', async () => {
    const chat = await openDirectChat(d.origin, ada, cy);
    const [adaSocket, cySocket] = await onBothInstances(ada, cy);
    const image = await uploadImage(d.origin, ada);
    const received = nextEvent(cySocket, 'message:new');
    await ackData(adaSocket, 'message:send', {
      chatId: chat.id,
      clientMessageId: clientMessageId(),
      mediaId: image.id,
    });
    const { message } = await received;
    expect(message.kind).toBe('image');
    const path = new URL(String(message.media?.url), d.origin.url).pathname;
    await d.origin.http().get(path).set(bearer(cy)).expect(200);

    // The avatar is claimed over RabbitMQ from chat-service, which hosts media.
    const avatar = await uploadImage(d.origin, ada);
    const me = await d.origin
      .http()
      .patch('/api/v1/users/me')
      .set(bearer(ada))
      .send({ avatarMediaId: avatar.id })
      .expect(200);
    expect((me.body as { avatarUrl: string }).avatarUrl).toContain(avatar.id);
  });

  it('fetches link previews in chat-service: added on one instance, seen on the other', async () => {
    const chat = await openDirectChat(d.origin, ada, cy);
    const [adaSocket, cySocket] = await onBothInstances(ada, cy);
    const sentAt = Date.now();
    const sent = await ackData(adaSocket, 'message:send', {
      chatId: chat.id,
      clientMessageId: clientMessageId(),
      text: `Look: ${d.sites.origin}/article/1`,
    });
    const { message } = await nextEvent(
      cySocket,
      'message:updated',
      (e) => e.message.seq === sent.seq && e.message.previews.length > 0,
      10_000,
    );
    expect(message.previews[0]).toMatchObject({ title: 'Ridge loop & huts', siteName: 'Trails' });
    const picture = new URL(String(message.previews[0].image?.url), d.origin.url).pathname;
    await d.origin.http().get(picture).set(bearer(cy)).expect(200);
    process.stdout.write(
      `Split: message to preview on the other instance in ${Date.now() - sentAt} ms\n`,
    );
  });

  it('streams a file upload through nginx to chat-service; the other instance serves its ranges', async () => {
    const chat = await openDirectChat(d.origin, ada, cy);
    const bytes = Buffer.alloc(20 * 1024 * 1024, 0x5a);
    const file = await uploadFile(d.origin, ada, bytes, { fileName: 'big log.txt' });
    expect(file).toMatchObject({ size: bytes.length, mimeType: 'text/plain', name: 'big log.txt' });
    await d.origin
      .http()
      .post(`/api/v1/chats/${chat.id}/messages`)
      .set(bearer(ada))
      .send({ clientMessageId: clientMessageId(), mediaId: file.id })
      .expect(201);
    for (let n = 0; n < 2; n += 1) {
      const part = await d.origin
        .http()
        .get(file.url)
        .set(bearer(cy))
        .set('Range', 'bytes=0-9')
        .expect(206);
      expect(part.headers['content-disposition']).toMatch(/^attachment; filename="big log.txt"/);
    }
    const tooBig = await postFile(d.origin, ada, Buffer.alloc(26 * 1024 * 1024, 1)).expect(413);
    expect(tooBig.body).toMatchObject({ code: 'too_large' });
  });

  it('moves sockets on both instances when a group gains and loses a member', async () => {
    const group = await createGroup(d.origin, ada, [bob], 'Split group');
    const [adaSocket, cySocket] = await onBothInstances(ada, cy);
    const cyJoined = nextEvent(cySocket, 'chat:updated', (e) => e.chat.id === group.id);
    await d.origin
      .http()
      .post(`/api/v1/chats/${group.id}/members`)
      .set(bearer(ada))
      .send({ userIds: [cy.user.id] })
      .expect(201);
    await cyJoined;
    const toCy = nextEvent(cySocket, 'message:new', (e) => e.message.chatId === group.id);
    await ackData(adaSocket, 'message:send', {
      chatId: group.id,
      clientMessageId: clientMessageId(),
      text: 'Welcome, Cy',
    });
    expect((await toCy).message.text).toBe('Welcome, Cy');

    const cyRemoved = nextEvent(cySocket, 'chat:updated', (e) => e.reason === 'member_removed');
    await d.origin
      .http()
      .delete(`/api/v1/chats/${group.id}/members/${cy.user.id}`)
      .set(bearer(ada))
      .expect(204);
    await cyRemoved;
    const afterRemoval = collect(cySocket, 'message:new');
    await ackData(adaSocket, 'message:send', {
      chatId: group.id,
      clientMessageId: clientMessageId(),
      text: 'Cy is gone',
    });
    await sleep(300);
    expect(afterRemoval.filter((e) => e.message.chatId === group.id)).toEqual([]);
  });

  it('with user-service stopped: 503 where profiles are needed, messages still flow, and it recovers', async () => {
    const chat = await openDirectChat(d.origin, ada, bob);
    const [adaSocket, bobSocket] = await onBothInstances(ada, bob);
    await d.user.stop('SIGKILL');
    let restarting: Promise<void> | undefined;
    try {
      const started = Date.now();
      const list = await d.origin.http().get('/api/v1/chats').set(bearer(ada));
      expect(list.status).toBe(503);
      expect((list.body as { message: string }).message).toMatch(/users service/);
      expect(Date.now() - started).toBeLessThan(5000);

      const received = nextEvent(bobSocket, 'message:new');
      const sent = await ackData(adaSocket, 'message:send', {
        chatId: chat.id,
        clientMessageId: clientMessageId(),
        text: 'Still here without user-service',
      });
      expect((await received).message.id).toBe(sent.id);

      // Restarted, it listens only once connected, so meanwhile the origin's health says users is
      // down; mail-service is hung (SIGSTOP: its socket open, no answer) at the same time, whose
      // 3 s probe timeout is spent while user-service boots.
      restarting = d.user.start();
      d.mail.pause();
      try {
        const [live, ready, docs] = await Promise.all(
          ['/health', '/health/ready', '/docs-json'].map((path) => d.origin.http().get(path)),
        );
        for (const res of [live, ready]) {
          const report = res.body as ServicesReport;
          expect([res.status, report.status]).toEqual([503, 'degraded']);
          expect(report.services.users[0]).toMatchObject({ status: 'down' });
          expect(report.services.mail[0]).toMatchObject({
            status: 'down',
            error: expect.stringMatching(/no answer/),
          });
          expect(report.services.chat.map((c) => c.status)).toEqual(['up', 'up']);
        }
        // The document lacks user-service's routes and says so.
        expect(docs.status).toBe(503);
        const partial = docs.body as SwaggerDocument;
        expect(partial.info.description).toMatch(/^\*\*Incomplete: the routes of users/);
        expect(Object.keys(partial.paths)).toContain('/api/v1/chats');
        expect(Object.keys(partial.paths)).not.toContain('/api/v1/auth/otp/request');
      } finally {
        d.mail.resume();
      }
    } finally {
      await (restarting ?? d.user.start());
    }
    await d.origin.http().get('/api/v1/chats').set(bearer(ada)).expect(200);
    await d.origin.http().get('/health').expect(200);
  });

  it('dead-letters a poison message on mail.requested without blocking the queue', async () => {
    const marker = `poison-${Date.now()}`;
    const connection = await connect(TEST_RABBITMQ_URL);
    try {
      const channel = await connection.createConfirmChannel();
      const { queueOptions } = eventQueueOptions(
        TEST_RABBITMQ_URL,
        MAIL_REQUESTS_QUEUE,
        MAIL_DEAD_LETTER_QUEUE,
      ).options as { queueOptions: object };
      await channel.assertQueue(MAIL_REQUESTS_QUEUE, queueOptions);
      channel.sendToQueue(
        MAIL_REQUESTS_QUEUE,
        Buffer.from(JSON.stringify({ pattern: 'mail.requested', data: { marker } })),
        { persistent: true },
      );
      await channel.waitForConfirms();

      // The next real request is delivered as usual.
      await d.signIn('after-poison@split.test');

      let deadLettered: string | undefined;
      const deadline = Date.now() + 10_000;
      while (!deadLettered && Date.now() < deadline) {
        const got = await channel.get(MAIL_DEAD_LETTER_QUEUE, { noAck: true });
        if (got && got.content.toString().includes(marker)) deadLettered = got.content.toString();
        else if (!got) await sleep(100);
      }
      expect(deadLettered).toContain(marker);
    } finally {
      await connection.close();
    }
  });

  it('RabbitMQ restarted during OTP requests: each accepted request yields exactly one e-mail, the rest got 503', async () => {
    const outcomes: { email: string; status: number }[] = [];
    const ask = async (i: number) => {
      const email = `restart-${i}@split.test`;
      const res = await d.origin.http().post('/api/v1/auth/otp/request').send({ email });
      outcomes.push({ email, status: res.status });
    };
    let i = 0;
    const during = (async () => {
      const until = Date.now() + 9000;
      while (Date.now() < until) {
        await ask(i++);
        await sleep(150);
      }
    })();
    await sleep(1500);
    rabbitmqctl('stop_app');
    await sleep(3000);
    rabbitmqctl('start_app');
    await during;

    const accepted = outcomes.filter((o) => o.status === 202);
    const refused = outcomes.filter((o) => o.status === 503);
    expect(accepted.length + refused.length).toBe(outcomes.length);
    expect(refused.length).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(0);
    for (const { email } of accepted) await d.sink.waitFor(email, 1, 30_000);
    await sleep(2000);
    for (const { email } of accepted) expect(d.sink.to(email)).toHaveLength(1);
    const mailedAfter503 = refused.filter(({ email }) => d.sink.to(email).length > 0).length;
    process.stdout.write(
      `\nBroker restart: ${outcomes.length} OTP requests, ${accepted.length} accepted (each e-mailed once), ${refused.length} answered 503 (${mailedAfter503} of those e-mailed anyway)\n`,
    );

    // The services reconnected by themselves: readiness is back, and a new sign-in and calls from
    // each chat instance to user-service work end to end. Readiness watches a connection of its own
    // that retries every second; Nest's RabbitMQ clients retry every 5 s and refuse at once until
    // then, so on a busy machine the broker may be back a few seconds before they are.
    for (const service of d.services) await service.waitUntilReady();
    await untilItWorks(() => d.signIn('after-restart@split.test'));
    for (const chat of [d.chatA, d.chatB]) {
      await untilItWorks(() => request(chat.url).get('/api/v1/chats').set(bearer(ada)).expect(200));
    }
  });

  it('measures a message sent through nginx to the other instance against the single process (median of 100)', async () => {
    const chat = await openDirectChat(d.origin, ada, bob);
    const [adaSocket, bobSocket] = await onBothInstances(ada, bob);
    const split = await medianDelivery(adaSocket, bobSocket, chat.id);

    const single = await startSingleProcess();
    try {
      const [first, second] = await createUsers(single.origin, 2);
      const direct = await openDirectChat(single.origin, first, second);
      const sender = await connectClient(single.origin, first);
      const receiver = await connectClient(single.origin, second);
      const alone = await medianDelivery(sender, receiver, direct.id);
      process.stdout.write(
        `\nMessage send → delivery, median of 100: split A → nginx → B ${split.toFixed(2)} ms, single process ${alone.toFixed(2)} ms, added ${(split - alone).toFixed(2)} ms\n`,
      );
      expect(split).toBeGreaterThan(0);
      expect(alone).toBeGreaterThan(0);
    } finally {
      disconnectAll();
      await single.stop();
    }
  });
});

/** One message at a time from `sender` until `receiver` has it: the median of 100, in ms. */
async function medianDelivery(
  sender: ChatClient,
  receiver: ChatClient,
  chatId: string,
): Promise<number> {
  const latencies: number[] = [];
  for (let n = 0; n < 100; n += 1) {
    const text = `latency ${n}`;
    const received = nextEvent(receiver, 'message:new', (e) => e.message.text === text);
    const started = performance.now();
    const ack = await emitAck(sender, 'message:send', {
      chatId,
      clientMessageId: clientMessageId(),
      text,
    });
    const { message } = await received;
    latencies.push(performance.now() - started);
    expect(ack.ok).toBe(true);
    expect(message.chatId).toBe(chatId);
  }
  return [...latencies].sort((x, y) => x - y)[50];
}

/** `work` until it succeeds, for at most two reconnection periods of the RabbitMQ clients. */
async function untilItWorks(work: () => Promise<unknown>, timeoutMs = 12_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await work();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(250);
    }
  }
}

function rabbitmqctl(command: 'stop_app' | 'start_app'): void {
  execFileSync('rabbitmqctl', [command], { stdio: 'ignore', timeout: 60_000 });
  if (command === 'start_app') execFileSync('rabbitmqctl', ['await_startup'], { stdio: 'ignore' });
}
