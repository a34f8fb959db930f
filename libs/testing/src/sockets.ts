import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  AckData,
  AuthSession,
  ClientToServerEvents,
  ServerToClientEvents,
} from '@app/contracts';
import type { Origin } from './test-app';

export type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;

type EventName = keyof ServerToClientEvents;
type EventPayload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];
const clients = new Set<ChatClient>();

/** A connected Socket.IO client signed in as `session` (websocket transport, no reconnection). */
export async function connectClient(
  t: Origin,
  session: AuthSession | { accessToken: string },
): Promise<ChatClient> {
  const socket: ChatClient = io(t.url, {
    auth: { token: session.accessToken },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  clients.add(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  // Rooms are joined before `connect`; this round trip lets presence record the connection too.
  await emitAck(socket, 'presence:get', { userIds: [] });
  return socket;
}

/** The `connect_error` a client gets for these handshake credentials (rejects if it connects). */
export function connectError(
  t: Origin,
  auth: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<Error> {
  const socket: ChatClient = io(t.url, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: headers,
  });
  clients.add(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, but should have been refused')));
    socket.once('connect_error', (error) => resolve(error));
  });
}

/** Emits a client event and resolves with its acknowledgement. */
export function emitAck<E extends keyof ClientToServerEvents>(
  socket: ChatClient,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
  timeoutMs = 5000,
): Promise<Ack<AckData<E>>> {
  return new Promise((resolve, reject) => {
    const emitter = socket.timeout(timeoutMs) as unknown as {
      emit(
        event: string,
        payload: unknown,
        ack: (error: Error | null, response: Ack<AckData<E>>) => void,
      ): void;
    };
    emitter.emit(event, payload, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

/** The data of a successful ack; fails the test with the error otherwise. */
export async function ackData<E extends keyof ClientToServerEvents>(
  socket: ChatClient,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<AckData<E>> {
  const response = await emitAck(socket, event, payload);
  if (!response.ok) throw new Error(`${event} failed: ${JSON.stringify(response.error)}`);
  return response.data;
}

/** Resolves with the next `event` matching `filter`, or rejects after `timeoutMs`. */
export function nextEvent<E extends EventName>(
  socket: ChatClient,
  event: E,
  filter: (payload: EventPayload<E>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const listener = (payload: EventPayload<E>) => {
      if (!filter(payload)) return;
      clearTimeout(timer);
      (socket as unknown as Socket).off(event, listener as never);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      (socket as unknown as Socket).off(event, listener as never);
      reject(new Error(`No ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    (socket as unknown as Socket).on(event, listener as never);
  });
}

/** Everything `event` delivers to `socket` from now on, for asserting that nothing (more) arrived. */
export function collect<E extends EventName>(socket: ChatClient, event: E): EventPayload<E>[] {
  const received: EventPayload<E>[] = [];
  (socket as unknown as Socket).on(event, ((payload: EventPayload<E>) =>
    received.push(payload)) as never);
  return received;
}

export function disconnectAll(): void {
  for (const socket of clients) socket.disconnect();
  clients.clear();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
