/**
 * Load generator for the `reconnect` scenario: N members that reconnect by themselves and catch up
 * like the web client (`chat:sync` from their newest seq), plus one sender that keeps sending and
 * retries every message with the same clientMessageId until it is acknowledged.
 */
import { fromSourceAddress } from './source-address';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { Population } from './seed';

export type ReconnectCommand =
  | {
      type: 'connect';
      url: string;
      members: Population['clients'];
      sender: { auth: Record<string, unknown>; chatIds: string[] };
      /** The relay has no history: nothing to catch up from. */
      canSync: boolean;
    }
  | { type: 'send'; ratePerSec: number }
  | { type: 'server-up'; at: number }
  | { type: 'stop-sending' }
  | { type: 'verify'; drainMs: number }
  | { type: 'close' };

export interface ReconnectResult {
  /** From the server answering /health again until every member socket was connected. */
  rejoinMs: number;
  /** ...until every member had also caught up (its sync answered). */
  caughtUpMs: number;
  acked: number;
  /** Acknowledged messages some member never got. */
  lost: number;
  /** Messages stored twice (two seqs for one clientMessageId). */
  duplicated: number;
  disconnectedMembers: number;
}

type Reply =
  | { type: 'connected' }
  | { type: 'ok' }
  | { type: 'result'; result: ReconnectResult }
  | { type: 'error'; message: string };

interface WireMessage {
  chatId: string;
  seq: number;
  clientMessageId: string | null;
}

const now = () => performance.timeOrigin + performance.now();
const reply = (message: Reply) => process.send?.(message);

interface Member {
  socket: Socket;
  chatId: string;
  seqs: Set<number>;
  syncedAt: number;
  /** When its connection last dropped. */
  lostAt: number;
}

let members: Member[] = [];
let sender: Socket | undefined;
let canSync = true;
let serverUpAt = 0;
let lastConnectAt = 0;
let sending = false;
/** What the sender got acknowledged: chat → seq → clientMessageId. */
const acked = new Map<string, Map<number, string>>();
/** clientMessageId → the seqs members saw it under (more than one = stored twice). */
const seenIds = new Map<string, Set<number>>();

function record(member: Member, message: WireMessage): void {
  member.seqs.add(message.seq);
  if (message.clientMessageId) {
    const seqs = seenIds.get(message.clientMessageId) ?? new Set<number>();
    seqs.add(message.seq);
    seenIds.set(message.clientMessageId, seqs);
  }
}

async function catchUp(member: Member): Promise<void> {
  if (!canSync) {
    member.syncedAt = now();
    return;
  }
  for (;;) {
    const afterSeq = member.seqs.size === 0 ? 0 : Math.max(...member.seqs);
    const answer = (await member.socket
      .timeout(30_000)
      .emitWithAck('chat:sync', { cursors: [{ chatId: member.chatId, afterSeq }] })) as {
      ok: boolean;
      data?: { chats: Array<{ messages: WireMessage[]; hasMore: boolean }> };
    };
    const chat = answer.data?.chats[0];
    for (const message of chat?.messages ?? []) record(member, message);
    if (!chat?.hasMore) break;
  }
  member.syncedAt = now();
}

async function connect(command: Extract<ReconnectCommand, { type: 'connect' }>): Promise<void> {
  canSync = command.canSync;
  const options = (auth: Record<string, unknown>, index: number) =>
    fromSourceAddress(index, {
      auth,
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 250,
      reconnectionDelayMax: 2000,
    });
  members = await Promise.all(
    command.members.map(
      (spec, index) =>
        new Promise<Member>((resolve) => {
          const member: Member = {
            socket: io(command.url, options(spec.auth, index)),
            chatId: spec.chatId,
            seqs: new Set(),
            syncedAt: 0,
            lostAt: 0,
          };
          member.socket.on('message:new', ({ message }: { message: WireMessage }) =>
            record(member, message),
          );
          // As the web client does: Socket.IO retries network failures by itself, not a handshake
          // the server refused ("unavailable" while it is overloaded).
          member.socket.on('connect_error', () => {
            if (!member.socket.active)
              setTimeout(() => member.socket.connect(), 1000 + Math.random() * 4000);
          });
          member.socket.on('disconnect', () => (member.lostAt = now()));
          member.socket.on('connect', () => {
            lastConnectAt = now();
            void catchUp(member).catch(() => undefined);
          });
          member.socket.once('connect', () => resolve(member));
        }),
    ),
  );
  sender = io(command.url, options(command.sender.auth, command.members.length));
  await new Promise<void>((resolve) => sender!.once('connect', () => resolve()));
  acked.clear();
  for (const chatId of command.sender.chatIds) acked.set(chatId, new Map());
  reply({ type: 'connected' });
}

/** Round-robin over the chats; each message is retried with its id until acknowledged. */
async function send(ratePerSec: number): Promise<void> {
  sending = true;
  const chats = [...acked.keys()];
  let n = 0;
  const interval = 1000 / ratePerSec;
  const inFlight: Array<Promise<void>> = [];
  let due = now();
  while (sending) {
    const chatId = chats[n % chats.length];
    const clientMessageId = `r-${++n}`;
    inFlight.push(deliver(chatId, clientMessageId));
    due += interval;
    const wait = due - now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(inFlight);
}

async function deliver(chatId: string, clientMessageId: string): Promise<void> {
  for (;;) {
    try {
      const answer = (await sender!
        .timeout(5000)
        .emitWithAck('message:send', { chatId, clientMessageId, text: 'x' })) as {
        ok: boolean;
        data?: WireMessage;
      };
      if (answer.ok && answer.data) {
        acked.get(chatId)!.set(answer.data.seq, clientMessageId);
        return;
      }
    } catch {
      // no answer: the server is down or restarting; same id again
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function verify(drainMs: number): Promise<void> {
  const until = now() + drainMs;
  // Done when every member is connected again and has caught up since it lost the server (the app's
  // members: with every acknowledged message; the relay keeps nothing to catch up from).
  const complete = () =>
    members.every(
      (m) =>
        m.socket.connected &&
        m.syncedAt >= m.lostAt &&
        (!canSync || [...(acked.get(m.chatId)?.keys() ?? [])].every((seq) => m.seqs.has(seq))),
    );
  while (!complete() && now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  let lost = 0;
  for (const member of members) {
    for (const seq of acked.get(member.chatId)?.keys() ?? []) if (!member.seqs.has(seq)) lost += 1;
  }
  const duplicated = [...seenIds.values()].filter((seqs) => seqs.size > 1).length;
  const caughtUp = Math.max(...members.map((m) => m.syncedAt));
  reply({
    type: 'result',
    result: {
      rejoinMs: Math.max(0, lastConnectAt - serverUpAt),
      caughtUpMs: Math.max(0, caughtUp - serverUpAt),
      acked: [...acked.values()].reduce((sum, m) => sum + m.size, 0),
      lost,
      duplicated,
      disconnectedMembers: members.filter((m) => !m.socket.connected).length,
    },
  });
}

process.on('message', (command: ReconnectCommand) => {
  const work = (async () => {
    switch (command.type) {
      case 'connect':
        return connect(command);
      case 'send':
        void send(command.ratePerSec);
        return reply({ type: 'ok' });
      case 'server-up':
        serverUpAt = command.at;
        return reply({ type: 'ok' });
      case 'stop-sending':
        sending = false;
        return reply({ type: 'ok' });
      case 'verify':
        return verify(command.drainMs);
      case 'close':
        for (const m of members) m.socket.close();
        sender?.close();
        process.exit(0);
    }
  })();
  work.catch((error: unknown) => reply({ type: 'error', message: String(error) }));
});
