import type { Socket as TcpSocket } from 'node:net';
import { io } from 'socket.io-client';
import type { AuthSession, ChatView } from '@app/contracts';
import {
  ackData,
  clientMessageId,
  connectClient,
  createGroup,
  createUsers,
  disconnectAll,
  emitAck,
  sleep,
  type ChatClient,
  type TestApp,
} from '@app/testing';
import { RawSocketIo } from './raw-socket-io';
import { heapAfterGc, metricValue, sampleMax, watchHealth } from './resource-probes';
import { startTestApp } from './test-app';

/** What one client can make the server spend on it, and what happens past the limits. */

const KB = 1024;
const CLOSES = 'chat_socket_write_bound_closes_total';
const WAITING = 'chat_socket_write_waiting_bytes';
const WAITING_MAX = 'chat_socket_write_waiting_max_bytes';
const CONNECTIONS = 'chat_socket_connections';

/** Text of the most bytes a message may have: 4,000 characters of 3 bytes each in UTF-8. */
const BIG = 4000;

/**
 * Sends `count` messages of `length` characters (of 3 bytes), `inFlight` at a time; resolves
 * with their seqs.
 */
async function sendMessages(
  socket: ChatClient,
  chatId: string,
  count: number,
  length: number,
  inFlight = 16,
): Promise<number[]> {
  const seqs: number[] = [];
  let started = 0;
  const worker = async () => {
    for (; started < count;) {
      started += 1;
      seqs.push((await send(socket, chatId, length)).seq);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  return seqs.sort((a, b) => a - b);
}

const send = (socket: ChatClient, chatId: string, length: number) =>
  ackData(socket, 'message:send', {
    chatId,
    clientMessageId: clientMessageId(),
    text: '€'.repeat(length),
  });

/** Keeps sending into the chat, `perSecond` messages, until stopped; resolves with their seqs. */
function keepSending(socket: ChatClient, chatId: string, length: number, perSecond: number) {
  const seqs: number[] = [];
  const sending: Array<Promise<void>> = [];
  const timer = setInterval(() => {
    sending.push(send(socket, chatId, length).then((message) => void seqs.push(message.seq)));
  }, 1000 / perSecond);
  return {
    async stop(): Promise<number[]> {
      clearInterval(timer);
      await Promise.all(sending);
      return seqs.sort((a, b) => a - b);
    },
  };
}

/** Sends the largest messages into the chat as fast as the server takes them, until stopped. */
function flood(socket: ChatClient, chatId: string, inFlight = 8) {
  const seqs: number[] = [];
  let running = true;
  const worker = async () => {
    while (running) seqs.push((await send(socket, chatId, BIG)).seq);
  };
  const workers = Array.from({ length: inFlight }, worker);
  return {
    async stop(): Promise<number[]> {
      running = false;
      await Promise.all(workers);
      return seqs.sort((a, b) => a - b);
    },
  };
}

/**
 * The seqs of every message after `afterSeq`, page after page, as a client catching up reads
 * them; a page refused for the person's chat:sync budget is asked again after the wait.
 */
async function catchUp(socket: ChatClient, chatId: string, afterSeq: number): Promise<number[]> {
  const seqs: number[] = [];
  for (let after = afterSeq, more = true; more;) {
    const answer = await emitAck(socket, 'chat:sync', { cursors: [{ chatId, afterSeq: after }] });
    if (!answer.ok) {
      if (answer.error.code !== 'rate_limited') throw new Error(JSON.stringify(answer.error));
      await sleep(answer.error.retryAfterMs ?? 100);
      continue;
    }
    const [chat] = answer.data.chats;
    seqs.push(...chat.messages.map((message) => message.seq));
    more = chat.hasMore;
    after = seqs.at(-1) ?? after;
  }
  return seqs;
}

/** Every `everyMs`, the raw client asks for the chat from its start and sends a pong. */
function keepAsking(client: RawSocketIo, chatId: string, everyMs: number): () => void {
  const ask = () => {
    client.emit('chat:sync', { cursors: [{ chatId, afterSeq: 0 }] });
    client.pong();
  };
  ask();
  const timer = setInterval(ask, everyMs);
  return () => clearInterval(timer);
}

async function metric(t: TestApp, name: string): Promise<number> {
  const value = await metricValue(t, name);
  if (value === undefined) throw new Error(`The app has no metric ${name}`);
  return value;
}

/** Waits until `probe` holds, for at most `ms`; false if it never did. */
async function eventually(probe: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await sleep(50)) {
    if (await probe()) return true;
  }
  return probe();
}

/**
 * A group of `people` with `messages` messages of `length` characters from its first member, who
 * is connected; and the size of a chat:sync answer of the whole chat.
 */
async function chatWithHistory(
  t: TestApp,
  people: AuthSession[],
  messages: number,
  length: number,
): Promise<{ chat: ChatView; sender: ChatClient; answerBytes: number }> {
  const [owner, ...members] = people;
  const chat = await createGroup(t, owner, members);
  const sender = await connectClient(t, owner);
  await sendMessages(sender, chat.id, messages, length);
  const answer = await ackData(sender, 'chat:sync', {
    cursors: [{ chatId: chat.id, afterSeq: 0 }],
  });
  return { chat, sender, answerBytes: Buffer.byteLength(JSON.stringify(answer)) };
}

describe('Resource limits', () => {
  describe('Bytes waiting to be written to one connection (SOCKET_MAX_BUFFERED)', () => {
    // The kernel takes about 4 MB for a connection that does not read before anything waits in
    // the server: the clients get the largest messages and answers to get past it in seconds.
    const bound = 256 * KB;
    let t: TestApp;
    const raws: RawSocketIo[] = [];
    const connect = async (session: AuthSession) => {
      const raw = await RawSocketIo.connect(t.url, session.accessToken);
      raws.push(raw);
      return raw;
    };

    beforeAll(async () => {
      t = await startTestApp({ SOCKET_MAX_BUFFERED: '256KB', MESSAGE_RATE_LIMIT: '100000' });
    });

    afterEach(() => {
      raws.splice(0).forEach((raw) => raw.destroy());
      disconnectAll();
    });

    afterAll(async () => {
      await t.close();
    });

    it('closes a client that stops reading but keeps asking, holding at most the bound and one answer', async () => {
      const [bob, ada] = await createUsers(t, 2);
      const { chat, sender, answerBytes } = await chatWithHistory(t, [bob, ada], 100, BIG);
      const closesBefore = await metric(t, CLOSES);
      const health = watchHealth(t);
      const raw = await connect(ada);
      raw.stopReading();
      const held = sampleMax(() => metric(t, WAITING_MAX));
      // chat:sync 4 times a second, each with a pong that answers no ping.
      const stopAsking = keepAsking(raw, chat.id, 250);
      const flooding = flood(sender, chat.id);

      const closed = await raw.closedWithin(8000);
      stopAsking();
      await flooding.stop();
      expect(closed).toBe(true);
      expect(await held.stop()).toBeLessThanOrEqual(bound + answerBytes);
      expect(await metric(t, CLOSES)).toBe(closesBefore + 1);
      // Nothing is kept for it once it is gone.
      expect(await eventually(async () => (await metric(t, WAITING)) < 64 * KB, 2000)).toBe(true);
      expect(await health.stop()).toBeLessThan(1000);
    });

    it('keeps a client that reads slowly but keeps up', async () => {
      const [bob, ada] = await createUsers(t, 2);
      const { chat, sender } = await chatWithHistory(t, [bob, ada], 1, 10);
      const closesBefore = await metric(t, CLOSES);
      const health = watchHealth(t);
      const raw = await connect(ada);
      // 8 KB every 20 ms: about 400 KB/s, against about 150 KB/s sent to it.
      const stopReading = raw.readSlowly(8 * KB, 20);
      const held = sampleMax(() => metric(t, WAITING_MAX));
      const pongs = setInterval(() => raw.pong(), 1000);
      const sending = keepSending(sender, chat.id, 1000, 50);
      await sleep(3000);
      await sending.stop();
      clearInterval(pongs);
      stopReading();

      expect(raw.closed).toBe(false);
      expect(await metric(t, CLOSES)).toBe(closesBefore);
      expect(await held.stop()).toBeLessThan(bound);
      expect(await health.stop()).toBeLessThan(1000);
    });

    it('closes a client that reads too slowly to keep up, and keeps nothing for it', async () => {
      const [bob, ada] = await createUsers(t, 2);
      const { chat, sender, answerBytes } = await chatWithHistory(t, [bob, ada], 100, BIG);
      const closesBefore = await metric(t, CLOSES);
      const connectionsBefore = await metric(t, CONNECTIONS);
      const health = watchHealth(t);
      const raw = await connect(ada);
      // 1 KB every 50 ms: 20 KB/s, against MBs a second.
      const stopReading = raw.readSlowly(KB, 50);
      const held = sampleMax(() => metric(t, WAITING_MAX));
      const stopAsking = keepAsking(raw, chat.id, 250);
      const flooding = flood(sender, chat.id);

      const closed = await raw.closedWithin(8000);
      stopAsking();
      stopReading();
      await flooding.stop();
      expect(closed).toBe(true);
      expect(await metric(t, CLOSES)).toBe(closesBefore + 1);
      expect(await held.stop()).toBeLessThanOrEqual(bound + answerBytes);
      const released = async () =>
        (await metric(t, CONNECTIONS)) === connectionsBefore &&
        (await metric(t, WAITING)) < 64 * KB;
      expect(await eventually(released, 2000)).toBe(true);
      expect(await health.stop()).toBeLessThan(1000);
    });

    it('keeps nothing for 50 connections in a row that stopped reading, then vanished or were cut', async () => {
      // chat:sync has a budget per person: ten people share the connections that vanish.
      const [bob, ...people] = await createUsers(t, 13);
      const [vanishing, cut] = [people.slice(0, 10), people.slice(10)];
      const { chat, sender } = await chatWithHistory(t, [bob, ...people], 100, BIG);
      const connectionsBefore = await metric(t, CONNECTIONS);
      const closesBefore = await metric(t, CLOSES);
      const heapBefore = heapAfterGc();
      const health = watchHealth(t);
      let closed = 0;
      for (let round = 0; round < 50; round += 1) {
        const cutting = round % 25 === 24;
        const raw = await connect(cutting ? cut[closed] : vanishing[round % 10]);
        raw.stopReading();
        if (cutting) {
          const stopAsking = keepAsking(raw, chat.id, 250);
          const flooding = flood(sender, chat.id);
          if (await raw.closedWithin(8000)) closed += 1;
          stopAsking();
          await flooding.stop();
        } else {
          raw.emit('chat:sync', { cursors: [{ chatId: chat.id, afterSeq: 0 }] });
          await sleep(20);
        }
        raw.destroy();
        raws.splice(0);
      }

      expect(closed).toBe(2);
      expect(await metric(t, CLOSES)).toBe(closesBefore + 2);
      const released = async () =>
        (await metric(t, CONNECTIONS)) === connectionsBefore && (await metric(t, WAITING)) === 0;
      expect(await eventually(released, 3000)).toBe(true);
      // Health is read before the heap: the two full collections the heap reading forces run in
      // this process, the app's own, and would count as the app being slow to answer.
      const slowestHealthMs = await health.stop();
      expect(heapAfterGc() - heapBefore).toBeLessThan(8 * 1024 * KB);
      expect(slowestHealthMs).toBeLessThan(1000);
    });
  });

  describe('A Socket.IO client under the default bound', () => {
    let t: TestApp;
    let people: AuthSession[];
    let chat: ChatView;
    let sender: ChatClient;
    const own: ChatClient[] = [];
    const fromTheStart = () => ({ cursors: [{ chatId: chat.id, afterSeq: 0 }] });

    beforeAll(async () => {
      t = await startTestApp({ MESSAGE_RATE_LIMIT: '100000' });
      people = await createUsers(t, 3);
      // 100 messages of 12 KB: a chat:sync of the whole chat is about 1 MB.
      ({ chat, sender } = await chatWithHistory(t, people, 100, BIG));
    });

    afterEach(() => own.splice(0).forEach((socket) => socket.disconnect()));

    afterAll(async () => {
      disconnectAll();
      await t.close();
    });

    it('takes ~1 MB chat:sync answers one after another without being cut', async () => {
      const closesBefore = await metric(t, CLOSES);
      const socket = await connectClient(t, people[1]);
      const sending = keepSending(sender, chat.id, 1000, 20);
      for (let i = 0; i < 3; i += 1) {
        const answer = await ackData(socket, 'chat:sync', fromTheStart());
        expect(Buffer.byteLength(JSON.stringify(answer))).toBeGreaterThan(900 * KB);
      }
      await sending.stop();
      expect(socket.connected).toBe(true);
      expect(await metric(t, CLOSES)).toBe(closesBefore);
    });

    it('cut for not reading, reconnects by itself and loses nothing sent meanwhile', async () => {
      const health = watchHealth(t);
      const socket: ChatClient = io(t.url, {
        auth: { token: people[2].accessToken },
        transports: ['websocket'],
        forceNew: true,
      });
      own.push(socket);
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      // It holds the chat up to here.
      const cursor = (await send(sender, chat.id, 10)).seq;
      const closesBefore = await metric(t, CLOSES);
      const disconnected = new Promise<string>((resolve) =>
        socket.once('disconnect', (reason) => resolve(reason)),
      );

      // The page stops reading (a frozen tab, a stalled network) but its requests still go out.
      const tcp = (socket.io.engine.transport as unknown as { ws: { _socket: TcpSocket } }).ws
        ._socket;
      tcp.pause();
      const meanwhile = flood(sender, chat.id);
      const asking = setInterval(
        () => socket.emit('chat:sync', fromTheStart(), () => undefined),
        250,
      );
      const cut = await eventually(async () => (await metric(t, CLOSES)) > closesBefore, 15_000);
      clearInterval(asking);
      const sent = await meanwhile.stop();
      tcp.resume();
      expect(cut).toBe(true);
      expect(await disconnected).toBe('transport close');
      await new Promise<void>((resolve) =>
        socket.connected ? resolve() : socket.once('connect', () => resolve()),
      );

      expect(sent.length).toBeGreaterThan(0);
      expect(await catchUp(socket, chat.id, cursor)).toEqual(sent);
      expect(await health.stop()).toBeLessThan(1000);
    });
  });
});
