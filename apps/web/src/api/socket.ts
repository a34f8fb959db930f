import { io, type Socket } from 'socket.io-client';
import {
  UNAUTHORIZED_CONNECT_ERROR,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@app/contracts';
import { RealtimeError, type RealtimeLink } from '../state/realtime-link';
import { refreshSession } from './http';

const ACK_TIMEOUT_MS = 10_000;

/** Spread over 1–5 s, so clients refused together do not come back together. */
const refusedRetryDelayMs = () => 1000 + Math.random() * 4000;

type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Socket.IO on the page's own origin, signed in by the session cookie. It reconnects by itself;
 * a handshake refused as unauthorized (access token expired) renews the session first.
 */
export function connectRealtime(
  onSignedOut: () => void,
  /** The page's own origin unless given (tests). */
  url?: string,
): RealtimeLink & { close(): void } {
  const options = { withCredentials: true, transports: ['websocket'] };
  const socket: ChatSocket = url === undefined ? io(options) : io(url, options);
  // Set by close(): a renewal or retry that finishes afterwards must not reopen the connection.
  let closed = false;
  const reconnect = () => {
    if (!closed) socket.connect();
  };
  const connectionHandlers: Array<(connected: boolean) => void> = [];
  socket.on('connect', () => connectionHandlers.forEach((h) => h(true)));
  socket.on('disconnect', () => connectionHandlers.forEach((h) => h(false)));
  socket.on('connect_error', (error) => {
    if (error.message === UNAUTHORIZED_CONNECT_ERROR) {
      void refreshSession().then((renewed) => (renewed ? reconnect() : onSignedOut()));
      return;
    }
    // A network failure is retried by the manager; a handshake the server refused is not.
    if (!socket.active) setTimeout(reconnect, refusedRetryDelayMs());
  });

  return {
    get connected() {
      return socket.connected;
    },
    on(event, handler) {
      // socket.io-client's typed `on` cannot be called with a generic event name.
      (socket.on as (event: string, handler: unknown) => void)(event, handler);
    },
    onConnectionChange(handler) {
      connectionHandlers.push(handler);
    },
    request(event, payload) {
      const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
        emitWithAck(event: string, payload: unknown): Promise<Ack<unknown>>;
      };
      return timed.emitWithAck(event, payload).then(
        (ack) => {
          if (ack.ok) return ack.data as never;
          throw new RealtimeError(ack.error.code, ack.error.message);
        },
        () => {
          throw new RealtimeError('timeout', 'No answer from the server');
        },
      );
    },
    close() {
      closed = true;
      socket.close();
    },
  };
}
