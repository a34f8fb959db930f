/**
 * The load generator: its own process (forked by the harness), so its CPU is not the server's.
 * It connects the clients it is given, then sends open-loop (a fixed rate per sender, latency from
 * the scheduled send time, so a stalled server cannot hide its queue) or closed-loop (each sender
 * sends again when acknowledged: saturation). Receivers record delivery latency from the
 * timestamp in the payload into an HDR histogram (microseconds).
 */
import { DeliveryLedger, MAX_TRACKED_CHAT_SIZE } from './delivery-ledger';
import { fromSourceAddress } from './source-address';
import * as hdr from 'hdr-histogram-js';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { Population } from './seed';

export type WorkerCommand =
  | { type: 'connect'; url: string; clients: Population['clients']; connectConcurrency: number }
  | {
      type: 'run';
      mode: 'open' | 'closed';
      ratePerSender: number;
      durationMs: number;
      drainMs: number;
      /** Check every message, member by member (lost, duplicated), not only the totals. */
      track?: boolean;
    }
  | { type: 'close' };

export interface RunResult {
  sent: number;
  acked: number;
  failed: number;
  /**
   * Why acks failed: the app's error code and message (`unavailable` alone is both "busy, send
   * again" and "database down"), or `timeout` (no ack within 30 s).
   */
  failures: Record<string, number>;
  /** Copies received by members other than the sender. */
  delivered: number;
  /** What `delivered` should be: acked messages × (members − 1). */
  expected: number;
  /** From the first send to the last delivery. */
  durationMs: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** With `track`: acknowledged messages some other member never got, and copies received twice. */
  checked?: { lost: number; duplicated: number };
}

export type WorkerReply =
  | { type: 'connected'; ms: number; failed: number; why: string }
  | { type: 'result'; result: RunResult }
  | { type: 'error'; message: string };

/** The ack's shape (`Ack<ChatMessage>` in @app/contracts); the relay answers `{ ok: true }`. */
type Ack = { ok: true } | { ok: false; error?: { code?: string; message?: string } };

const now = () => performance.timeOrigin + performance.now();
const reply = (message: WorkerReply) => process.send?.(message);

interface Client {
  socket: Socket;
  index: number;
  chatId: string;
  members: number;
  /** Its place among its chat's members (0, 1, …): its bit in the delivery ledger. */
  position: number;
}

let clients: Client[] = [];
let histogram = newHistogram();
let delivered = 0;
let lastDeliveryAt = 0;
let ledger: DeliveryLedger | undefined;
/** Across runs: a clientMessageId used again is a retry, which the app answers without fan-out. */
let counter = 0;

function newHistogram() {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

async function connect(command: Extract<WorkerCommand, { type: 'connect' }>): Promise<void> {
  const started = now();
  const membersOf = new Map<string, number>();
  const positions = command.clients.map((c) => {
    const position = membersOf.get(c.chatId) ?? 0;
    membersOf.set(c.chatId, position + 1);
    return position;
  });
  let failed = 0;
  const reasons = new Map<string, number>();
  let next = 0;
  const connectOne = (index: number) =>
    new Promise<void>((resolve) => {
      const spec = command.clients[index];
      const socket = io(
        command.url,
        fromSourceAddress(index, {
          auth: spec.auth,
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          timeout: 30_000,
        }),
      );
      socket.on(
        'message:new',
        ({ message }: { message: { clientMessageId: string; text: string } }) => {
          const [sender, number] = message.clientMessageId.slice(1).split('-');
          if (Number(sender) === index) return;
          ledger?.received(Number(number), positions[index]);
          const sentAt = (JSON.parse(message.text) as { t: number }).t;
          histogram.recordValue(Math.max(1, Math.round((now() - sentAt) * 1000)));
          delivered += 1;
          lastDeliveryAt = now();
        },
      );
      socket.once('connect', () => {
        clients.push({
          socket,
          index,
          chatId: spec.chatId,
          members: membersOf.get(spec.chatId) ?? 1,
          position: positions[index],
        });
        resolve();
      });
      socket.once('connect_error', (error) => {
        failed += 1;
        reasons.set(error.message, (reasons.get(error.message) ?? 0) + 1);
        resolve();
      });
    });
  await Promise.all(
    Array.from({ length: command.connectConcurrency }, async () => {
      while (next < command.clients.length) await connectOne(next++);
    }),
  );
  const why = [...reasons].map(([reason, count]) => `${count}× ${reason}`).join(', ');
  reply({ type: 'connected', ms: now() - started, failed, why });
}

async function run(command: Extract<WorkerCommand, { type: 'run' }>): Promise<void> {
  histogram = newHistogram();
  delivered = 0;
  let sent = 0;
  let acked = 0;
  let failed = 0;
  let expected = 0;
  const failures: Record<string, number> = {};
  if (command.track && clients.some((c) => c.members > MAX_TRACKED_CHAT_SIZE))
    throw new Error(`Tracked runs take chats of at most ${MAX_TRACKED_CHAT_SIZE}`);
  ledger = command.track ? new DeliveryLedger(counter + 1) : undefined;
  const start = now();
  const end = start + command.durationMs;

  const sendOne = (client: Client, scheduledAt: number) => {
    sent += 1;
    const number = ++counter;
    ledger?.sent(number);
    const payload = {
      chatId: client.chatId,
      clientMessageId: `c${client.index}-${number}`,
      text: JSON.stringify({ t: scheduledAt }),
    };
    return new Promise<void>((resolve) => {
      client.socket
        .timeout(30_000)
        .emit('message:send', payload, (error: Error | null, ack?: Ack) => {
          if (error || !ack?.ok) {
            failed += 1;
            const why = error
              ? 'timeout'
              : ack && !ack.ok
                ? `${ack.error?.code ?? 'unknown'}: ${ack.error?.message ?? ''}`
                : 'no ack';
            failures[why] = (failures[why] ?? 0) + 1;
          } else {
            acked += 1;
            expected += client.members - 1;
            ledger?.acked(number, client.members - 1);
          }
          resolve();
        });
    });
  };

  if (command.mode === 'closed') {
    await Promise.all(
      clients.map(async (client) => {
        while (now() < end) await sendOne(client, now());
      }),
    );
  } else {
    const interval = 1000 / command.ratePerSender;
    const inFlight: Array<Promise<void>> = [];
    await Promise.all(
      clients.map(async (client, i) => {
        // Spread the senders over one interval so they do not all fire at once.
        let due = start + (interval * i) / clients.length;
        while (due < end) {
          const wait = due - now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          inFlight.push(sendOne(client, due));
          due += interval;
        }
      }),
    );
    await Promise.all(inFlight);
  }
  // Let the last fan-outs arrive; the run lasted until the last one did.
  const drainUntil = now() + command.drainMs;
  // Tracked, a duplicate must not end the wait for a copy still on its way.
  const waiting = () => (ledger ? ledger.lost() > 0 : delivered < expected);
  while (waiting() && now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
  const durationMs = Math.max(command.durationMs, lastDeliveryAt - start);
  const ms = (us: number) => Math.round(us) / 1000;
  reply({
    type: 'result',
    result: {
      sent,
      acked,
      failed,
      failures,
      delivered,
      expected,
      durationMs,
      latencyMs: {
        p50: ms(histogram.getValueAtPercentile(50)),
        p90: ms(histogram.getValueAtPercentile(90)),
        p99: ms(histogram.getValueAtPercentile(99)),
        max: ms(histogram.maxValue),
        mean: ms(histogram.mean),
      },
      checked: ledger && { lost: ledger.lost(), duplicated: ledger.duplicated },
    },
  });
}

process.on('message', (command: WorkerCommand) => {
  const work =
    command.type === 'connect'
      ? connect(command)
      : command.type === 'run'
        ? run(command)
        : Promise.resolve().then(() => {
            for (const client of clients) client.socket.close();
            clients = [];
            process.exit(0);
          });
  work.catch((error: unknown) => reply({ type: 'error', message: String(error) }));
});
