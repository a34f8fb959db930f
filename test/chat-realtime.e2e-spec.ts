import { io } from 'socket.io-client';
import { ChatsRepository } from '../src/chat/persistence/chats.repository';
import type { AuthSession, ChatMessage } from '@app/contracts';
import { KeyValueStore } from '@app/kv';
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
  type ChatClient,
  type TestApp,
} from '@app/testing';
import { startTestApp } from './test-app';

describe('Real-time messaging over Socket.IO', () => {
  let t: TestApp;
  let ada: AuthSession;
  let bob: AuthSession;
  let cy: AuthSession;

  beforeAll(async () => {
    t = await startTestApp({ MESSAGE_RATE_LIMIT: '100000' });
    [ada, bob, cy] = await createUsers(t, 3);
  });

  afterEach(() => disconnectAll());

  afterAll(async () => {
    await t.close();
  });

  const history = async (session: AuthSession, chatId: string, query = '') =>
    (
      await t
        .http()
        .get(`/api/v1/chats/${chatId}/messages${query}`)
        .set(bearer(session))
        .expect(200)
    ).body as {
      items: ChatMessage[];
      hasMore: boolean;
    };

  it('delivers a direct message to the other person, acknowledged only once stored', async () => {
    const chat = await openDirectChat(t, ada, bob);
    const [adaSocket, bobSocket] = await Promise.all([
      connectClient(t, ada),
      connectClient(t, bob),
    ]);
    const received = nextEvent(bobSocket, 'message:new');
    const sent = await ackData(adaSocket, 'message:send', {
      chatId: chat.id,
      clientMessageId: clientMessageId(),
      text: '  Hello Bob  ',
    });
    expect(sent).toMatchObject({
      chatId: chat.id,
      seq: 1,
      senderId: ada.user.id,
      kind: 'text',
      text: 'Hello Bob',
    });
    // The ack means committed: the message is already in the history.
    expect((await history(bob, chat.id)).items.map((m) => m.id)).toContain(sent.id);
    expect((await received).message).toEqual(sent);
  });

  it('counts the open connections of this instance in /metrics', async () => {
    const open = async () =>
      Number(/^chat_socket_connections (\d+)$/m.exec((await t.http().get('/metrics')).text)?.[1]);
    const before = await open();
    const sockets = await Promise.all([connectClient(t, ada), connectClient(t, bob)]);
    expect(await open()).toBe(before + 2);
    sockets[0].disconnect();
    await sleep(100);
    expect(await open()).toBe(before + 1);
  });

  it('delivers to a socket from the moment it is connected, even when finding its chats is slow', async () => {
    const chat = await openDirectChat(t, ada, bob);
    const adaSocket = await connectClient(t, ada);
    const repository = t.app.get(ChatsRepository);
    const original = repository.chatIdsOfUser.bind(repository);
    const slow = jest
      .spyOn(repository, 'chatIdsOfUser')
      .mockImplementation(async (userId) => (await sleep(300), original(userId)));
    const bobSocket: ChatClient = io(t.url, {
      auth: { token: bob.accessToken },
      transports: ['websocket'],
      forceNew: true,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        bobSocket.once('connect', resolve);
        bobSocket.once('connect_error', reject);
      });
      const received = nextEvent(bobSocket, 'message:new');
      const sent = await ackData(adaSocket, 'message:send', {
        chatId: chat.id,
        clientMessageId: clientMessageId(),
        text: 'instant',
      });
      expect((await received).message.id).toBe(sent.id);
    } finally {
      slow.mockRestore();
      bobSocket.disconnect();
    }
  });

  it('acknowledges the sender before the message is fanned out, to the sender included', async () => {
    const chat = await openDirectChat(t, ada, bob);
    const adaSocket = await connectClient(t, ada);
    const order: string[] = [];
    adaSocket.on('message:new', () => order.push('message:new'));
    for (let i = 0; i < 5; i += 1) {
      const payload = { chatId: chat.id, clientMessageId: clientMessageId(), text: `order ${i}` };
      await new Promise<void>((resolve) =>
        adaSocket.emit('message:send', payload, () => {
          order.push('ack');
          resolve();
        }),
      );
      await sleep(20);
    }
    expect(order).toEqual(Array.from({ length: 5 }, () => ['ack', 'message:new']).flat());
  });

  it('fans a message sent over REST out to the members once, and never its retry', async () => {
    const chat = await openDirectChat(t, ada, bob);
    const bobSocket = await connectClient(t, bob);
    const arrived = collect(bobSocket, 'message:new');
    const body = { clientMessageId: clientMessageId(), text: 'over http' };
    const send = () =>
      t.http().post(`/api/v1/chats/${chat.id}/messages`).set(bearer(ada)).send(body);
    const created = await send().expect(201);
    await send().expect(200);
    await sleep(300);
    expect(arrived.map((e) => e.message.id)).toEqual([created.body.id]);
  });

  it('fans a group message out to every member, the sender included', async () => {
    const group = await createGroup(t, ada, [bob, cy], 'Trio');
    const sockets = await Promise.all([ada, bob, cy].map((s) => connectClient(t, s)));
    const arrivals = sockets.map((socket) =>
      nextEvent(socket, 'message:new', (e) => e.message.kind === 'text'),
    );
    const sent = await ackData(sockets[1], 'message:send', {
      chatId: group.id,
      clientMessageId: clientMessageId(),
      text: 'hi all',
    });
    for (const arrival of await Promise.all(arrivals)) expect(arrival.message.id).toBe(sent.id);
  });

  it('stores text exactly as given and never turns it into HTML', async () => {
    const chat = await openDirectChat(t, ada, bob);
    const socket = await connectClient(t, ada);
    const text = '<img src=x onerror=alert(1)> & "quotes"';
    const sent = await ackData(socket, 'message:send', {
      chatId: chat.id,
      clientMessageId: clientMessageId(),
      text,
    });
    expect(sent.text).toBe(text);
  });

  it('answers a repeated clientMessageId with the original, even for 10 concurrent retries', async () => {
    const chat = await openDirectChat(t, ada, cy);
    const [adaSocket, cySocket] = await Promise.all([connectClient(t, ada), connectClient(t, cy)]);
    const arrivals = collect(cySocket, 'message:new');
    const id = clientMessageId();
    const acks = await Promise.all(
      Array.from({ length: 10 }, () =>
        ackData(adaSocket, 'message:send', { chatId: chat.id, clientMessageId: id, text: 'once' }),
      ),
    );
    expect(new Set(acks.map((m) => m.id)).size).toBe(1);
    const again = await ackData(adaSocket, 'message:send', {
      chatId: chat.id,
      clientMessageId: id,
      text: 'once',
    });
    expect(again.id).toBe(acks[0].id);
    await sleep(200);
    expect(arrivals.filter((e) => e.message.clientMessageId === id)).toHaveLength(1);
    expect((await history(cy, chat.id)).items.filter((m) => m.clientMessageId === id)).toHaveLength(
      1,
    );
  });

  it('gives 20 concurrent senders in one chat seqs 1..N with no gap or repeat', async () => {
    const senders = await createUsers(t, 20);
    const group = await createGroup(t, senders[0], senders.slice(1), 'Crowd');
    const sockets = await Promise.all(senders.map((s) => connectClient(t, s)));
    const acks = await Promise.all(
      sockets.map((socket, i) =>
        ackData(socket, 'message:send', {
          chatId: group.id,
          clientMessageId: clientMessageId(),
          text: `n${i}`,
        }),
      ),
    );
    const seqs = acks.map((m) => m.seq).sort((a, b) => a - b);
    // seq 1 is the "group created" system message.
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    const stored = await history(senders[0], group.id, '?afterSeq=0&limit=100');
    expect(stored.items.map((m) => m.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
  });

  it('lets a client that was away fetch exactly what it missed, by chat:sync or afterSeq', async () => {
    const chat = await openDirectChat(t, bob, cy);
    const bobSocket = await connectClient(t, bob);
    let cySocket = await connectClient(t, cy);
    const first = await ackData(bobSocket, 'message:send', {
      chatId: chat.id,
      clientMessageId: clientMessageId(),
      text: 'before',
    });
    cySocket.disconnect();
    const missed: ChatMessage[] = [];
    for (let i = 0; i < 3; i += 1) {
      missed.push(
        await ackData(bobSocket, 'message:send', {
          chatId: chat.id,
          clientMessageId: clientMessageId(),
          text: `missed ${i}`,
        }),
      );
    }
    cySocket = await connectClient(t, cy);
    const sync = await ackData(cySocket, 'chat:sync', {
      cursors: [{ chatId: chat.id, afterSeq: first.seq }],
    });
    expect(sync.notFound).toEqual([]);
    expect(sync.chats).toEqual([
      {
        chatId: chat.id,
        messages: missed,
        changed: [],
        hasMore: false,
        nextAfterChangeSeq: missed.at(-1)!.changeSeq,
      },
    ]);
    expect((await history(cy, chat.id, `?afterSeq=${first.seq}`)).items).toEqual(missed);
  });

  it('pages a long catch-up: chat:sync answers at most 100 and says there is more', async () => {
    const chat = await openDirectChat(t, ada, bob);
    const socket = await connectClient(t, ada);
    const base = (
      await ackData(socket, 'message:send', {
        chatId: chat.id,
        clientMessageId: clientMessageId(),
        text: 'base',
      })
    ).seq;
    for (let i = 0; i < 105; i += 1) {
      await ackData(socket, 'message:send', {
        chatId: chat.id,
        clientMessageId: clientMessageId(),
        text: `m${i}`,
      });
    }
    const page1 = await ackData(socket, 'chat:sync', {
      cursors: [{ chatId: chat.id, afterSeq: base }],
    });
    expect(page1.chats[0].messages).toHaveLength(100);
    expect(page1.chats[0].hasMore).toBe(true);
    const last = page1.chats[0].messages.at(-1)!.seq;
    const page2 = await ackData(socket, 'chat:sync', {
      cursors: [{ chatId: chat.id, afterSeq: last }],
    });
    expect(page2.chats[0].messages.map((m) => m.seq)).toEqual([
      last + 1,
      last + 2,
      last + 3,
      last + 4,
      last + 5,
    ]);
    expect(page2.chats[0].hasMore).toBe(false);
  });

  it('keeps unread counts, and tells the chat about delivered and read marks', async () => {
    const [dan, eve, fay] = await createUsers(t, 3);
    const group = await createGroup(t, dan, [eve, fay], 'Receipts');
    const [danSocket, eveSocket] = await Promise.all([
      connectClient(t, dan),
      connectClient(t, eve),
    ]);
    let last = 0;
    for (let i = 0; i < 3; i += 1) {
      last = (
        await ackData(danSocket, 'message:send', {
          chatId: group.id,
          clientMessageId: clientMessageId(),
          text: `u${i}`,
        })
      ).seq;
    }
    const unread = async (session: AuthSession) =>
      (
        (await t.http().get(`/api/v1/chats/${group.id}`).set(bearer(session)).expect(200)).body as {
          unreadCount: number;
        }
      ).unreadCount;
    expect(await unread(dan)).toBe(0);
    expect(await unread(eve)).toBe(4); // the system message and three texts
    expect(await unread(fay)).toBe(4);

    const delivered = nextEvent(danSocket, 'message:delivered');
    expect(await ackData(eveSocket, 'message:delivered', { chatId: group.id, seq: last })).toEqual({
      chatId: group.id,
      seq: last,
    });
    expect(await delivered).toEqual({ chatId: group.id, userId: eve.user.id, seq: last });

    const read = nextEvent(danSocket, 'message:read');
    await ackData(eveSocket, 'message:read', { chatId: group.id, seq: last - 1 });
    expect(await read).toEqual({ chatId: group.id, userId: eve.user.id, seq: last - 1 });
    expect(await unread(eve)).toBe(1);

    // Marks never move backward and never past the last message.
    expect(await ackData(eveSocket, 'message:read', { chatId: group.id, seq: 1 })).toEqual({
      chatId: group.id,
      seq: last - 1,
    });
    expect(await ackData(eveSocket, 'message:read', { chatId: group.id, seq: last + 50 })).toEqual({
      chatId: group.id,
      seq: last,
    });
    expect(await unread(eve)).toBe(0);
    const res = await t
      .http()
      .post(`/api/v1/chats/${group.id}/read`)
      .set(bearer(fay))
      .send({ seq: 2 })
      .expect(200);
    expect(res.body).toEqual({ chatId: group.id, seq: 2 });
    const members = (
      (await t.http().get(`/api/v1/chats/${group.id}`).set(bearer(dan)).expect(200)).body as {
        members: Array<{ userId: string; lastReadSeq: number }>;
      }
    ).members;
    expect(members.find((m) => m.userId === eve.user.id)?.lastReadSeq).toBe(last);
    expect(members.find((m) => m.userId === fay.user.id)?.lastReadSeq).toBe(2);
  });

  it('relays typing to the other members and stops it by itself after about 5 s', async () => {
    const chat = await openDirectChat(t, ada, cy);
    const [adaSocket, cySocket] = await Promise.all([connectClient(t, ada), connectClient(t, cy)]);
    const ownEvents = collect(adaSocket, 'typing');
    const started = nextEvent(cySocket, 'typing', (e) => e.isTyping);
    await ackData(adaSocket, 'typing:start', { chatId: chat.id });
    expect(await started).toEqual({ chatId: chat.id, userId: ada.user.id, isTyping: true });

    const stopped = nextEvent(cySocket, 'typing', (e) => !e.isTyping);
    await ackData(adaSocket, 'typing:stop', { chatId: chat.id });
    expect(await stopped).toEqual({ chatId: chat.id, userId: ada.user.id, isTyping: false });

    const startedAt = Date.now();
    await ackData(adaSocket, 'typing:start', { chatId: chat.id });
    const expired = await nextEvent(cySocket, 'typing', (e) => !e.isTyping, 8000);
    expect(expired.userId).toBe(ada.user.id);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(4500);
    expect(ownEvents).toEqual([]);
  }, 15_000);

  it('stops typing when the typist disconnects', async () => {
    const chat = await openDirectChat(t, bob, cy);
    const [bobSocket, cySocket] = await Promise.all([connectClient(t, bob), connectClient(t, cy)]);
    await ackData(bobSocket, 'typing:start', { chatId: chat.id });
    const stopped = nextEvent(cySocket, 'typing', (e) => !e.isTyping, 2000);
    bobSocket.disconnect();
    expect((await stopped).userId).toBe(bob.user.id);
  });

  it('throttles typing relays to one a second per person and chat', async () => {
    const chat = await openDirectChat(t, ada, bob);
    const [adaSocket, bobSocket] = await Promise.all([
      connectClient(t, ada),
      connectClient(t, bob),
    ]);
    const relayed = collect(bobSocket, 'typing');
    for (let i = 0; i < 10; i += 1) await ackData(adaSocket, 'typing:start', { chatId: chat.id });
    await sleep(200);
    expect(relayed.filter((e) => e.isTyping)).toHaveLength(1);
  });

  it('shows someone online while any tab is open, and offline with last seen after the last one closes', async () => {
    const [gus, hal] = await createUsers(t, 2);
    await openDirectChat(t, gus, hal);
    const watcher = await connectClient(t, hal);
    const online = nextEvent(watcher, 'presence', (e) => e.userId === gus.user.id && e.online);
    const tab1 = await connectClient(t, gus);
    expect(await online).toEqual({ userId: gus.user.id, online: true, lastSeenAt: null });
    const tab2 = await connectClient(t, gus);
    const presenceEvents = collect(watcher, 'presence');
    tab1.disconnect();
    await sleep(300);
    expect(presenceEvents).toEqual([]);
    expect(await ackData(watcher, 'presence:get', { userIds: [gus.user.id] })).toEqual([
      { userId: gus.user.id, online: true, lastSeenAt: null },
    ]);
    const offline = nextEvent(watcher, 'presence', (e) => e.userId === gus.user.id && !e.online);
    const closedAt = Date.now();
    tab2.disconnect();
    const event = await offline;
    expect(Math.abs(new Date(event.lastSeenAt!).getTime() - closedAt)).toBeLessThan(2000);
    const [state] = await ackData(watcher, 'presence:get', { userIds: [gus.user.id] });
    expect(state).toEqual({ userId: gus.user.id, online: false, lastSeenAt: event.lastSeenAt });
    // Presence is not part of a profile: it is shown only by presence, to whom its rule allows.
    const profile = await t.http().get(`/api/v1/users/${gus.user.id}`).set(bearer(hal)).expect(200);
    expect(profile.body).not.toHaveProperty('lastSeenAt');
  });

  describe('while the key-value store is slow to record a connection', () => {
    let slow: jest.SpyInstance | undefined;
    beforeEach(() => {
      const kv = t.app.get(KeyValueStore);
      const original = kv.setAdd.bind(kv);
      slow = jest
        .spyOn(kv, 'setAdd')
        .mockImplementation(async (key, members) => (await sleep(200), original(key, members)));
    });
    afterEach(() => slow?.mockRestore());

    it('shows someone online to a member who asks the moment their socket is connected', async () => {
      const [kit, lou] = await createUsers(t, 2);
      await openDirectChat(t, kit, lou);
      const asker = await connectClient(t, lou);
      const tab = await connectClient(t, kit);
      expect(await ackData(asker, 'presence:get', { userIds: [kit.user.id] })).toEqual([
        expect.objectContaining({ userId: kit.user.id, online: true }),
      ]);
      tab.disconnect();
    });

    it('leaves nobody online whose client went away before its socket was connected', async () => {
      const [max, ned] = await createUsers(t, 2);
      await openDirectChat(t, max, ned);
      const asker = await connectClient(t, ned);
      const leaving: ChatClient = io(t.url, {
        auth: { token: max.accessToken },
        transports: ['websocket'],
        forceNew: true,
      });
      await sleep(100); // inside the server's connection middleware
      leaving.disconnect();
      await sleep(600);
      expect(await ackData(asker, 'presence:get', { userIds: [max.user.id] })).toEqual([
        expect.objectContaining({ userId: max.user.id, online: false }),
      ]);
    });
  });

  it('exchanges 1,000 messages between two clients in order, none lost or duplicated', async () => {
    const [ivy, jon] = await createUsers(t, 2);
    const chat = await openDirectChat(t, ivy, jon);
    const [ivySocket, jonSocket] = await Promise.all([
      connectClient(t, ivy),
      connectClient(t, jon),
    ]);
    const atIvy = collect(ivySocket, 'message:new');
    const atJon = collect(jonSocket, 'message:new');
    const started = performance.now();
    for (let i = 0; i < 500; i += 1) {
      await Promise.all([
        ackData(ivySocket, 'message:send', {
          chatId: chat.id,
          clientMessageId: clientMessageId(),
          text: `ivy ${i}`,
        }),
        ackData(jonSocket, 'message:send', {
          chatId: chat.id,
          clientMessageId: clientMessageId(),
          text: `jon ${i}`,
        }),
      ]);
    }
    const deadline = Date.now() + 10_000;
    while ((atIvy.length < 1000 || atJon.length < 1000) && Date.now() < deadline) await sleep(20);
    const elapsedMs = performance.now() - started;
    process.stdout.write(
      `1,000-message exchange between two clients: ${Math.round(elapsedMs)} ms\n`,
    );
    for (const received of [atIvy, atJon]) {
      expect(received.map((e) => e.message.seq)).toEqual(
        Array.from({ length: 1000 }, (_, i) => i + 1),
      );
    }
  }, 60_000);
});

describe('Per-user message rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ MESSAGE_RATE_LIMIT: '5', MESSAGE_RATE_WINDOW: '2s' });
  });

  afterAll(async () => {
    disconnectAll();
    await t.close();
  });

  it('answers rate_limited with the wait on the socket and 429 over REST, then recovers', async () => {
    const [kim, lee] = await createUsers(t, 2);
    const chat = await openDirectChat(t, kim, lee);
    const socket = await connectClient(t, kim);
    for (let i = 0; i < 5; i += 1)
      await ackData(socket, 'message:send', {
        chatId: chat.id,
        clientMessageId: clientMessageId(),
        text: `${i}`,
      });
    const limited = await emitAck(socket, 'message:send', {
      chatId: chat.id,
      clientMessageId: clientMessageId(),
      text: 'flood',
    });
    expect(limited).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    const retryAfterMs = limited.ok ? 0 : limited.error.retryAfterMs!;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(2000);
    await t
      .http()
      .post(`/api/v1/chats/${chat.id}/messages`)
      .set(bearer(kim))
      .send({ clientMessageId: clientMessageId(), text: 'rest flood' })
      .expect(429);
    await sleep(retryAfterMs + 50);
    const recovered = await emitAck(socket, 'message:send', {
      chatId: chat.id,
      clientMessageId: clientMessageId(),
      text: 'later',
    });
    expect(recovered.ok).toBe(true);
  });

  it('still answers a resent message with its original when the sender is over the limit', async () => {
    const [kim, lee] = await createUsers(t, 2);
    const chat = await openDirectChat(t, kim, lee);
    const socket = await connectClient(t, kim);
    const sent: ChatMessage[] = [];
    for (let i = 0; i < 5; i += 1)
      sent.push(
        await ackData(socket, 'message:send', {
          chatId: chat.id,
          clientMessageId: `resend-${i}`,
          text: `${i}`,
        }),
      );
    // What a client does after reconnecting without its acks: send the same ids again.
    const resent = await emitAck(socket, 'message:send', {
      chatId: chat.id,
      clientMessageId: 'resend-4',
      text: '4',
    });
    expect(resent).toEqual({ ok: true, data: sent[4] });
    const fresh = await emitAck(socket, 'message:send', {
      chatId: chat.id,
      clientMessageId: 'resend-5',
      text: '5',
    });
    expect(fresh).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });
});

describe('More sends at once than the server works on', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ MESSAGE_SENDS_IN_FLIGHT: '1', MESSAGE_RATE_LIMIT: '1000' });
  });

  afterAll(async () => {
    disconnectAll();
    await t.close();
  });

  it('refuses the excess at once with unavailable, stores each accepted one, and takes the refused ones when sent again', async () => {
    const [kim, lee] = await createUsers(t, 2);
    const chat = await openDirectChat(t, kim, lee);
    const socket = await connectClient(t, kim);
    const ids = Array.from({ length: 30 }, (_, i) => `burst-${i}`);
    const send = (id: string) =>
      emitAck(socket, 'message:send', { chatId: chat.id, clientMessageId: id, text: id });

    const answers = await Promise.all(ids.map(send));
    const refused = ids.filter((_, i) => !answers[i].ok);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of answers.filter((a) => !a.ok))
      expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable' } });

    for (const id of refused) expect((await send(id)).ok).toBe(true);
    const { body } = await t
      .http()
      .get(`/api/v1/chats/${chat.id}/messages?limit=50`)
      .set(bearer(kim))
      .expect(200);
    const stored = (body as { items: ChatMessage[] }).items;
    expect(stored.map((m) => m.clientMessageId).sort()).toEqual([...ids].sort());
    expect(stored.map((m) => m.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
  });
});
