import type { DefaultEventsMap, Server, Socket } from 'socket.io';
import type { AuthUser } from '@app/auth';
import type { ClientToServerEvents, ServerToClientEvents } from '@app/contracts';

/** What the server keeps on a socket: the person and session its handshake proved. */
export interface SocketData {
  user: AuthUser;
}

/**
 * The Socket.IO server and sockets typed with the contract's event maps: an event or payload that
 * does not match `libs/contracts` fails to compile here.
 */
export type ChatServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  DefaultEventsMap,
  SocketData
>;
export type ChatSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  DefaultEventsMap,
  SocketData
>;
