import type { ServerResponse } from 'node:http';
import type { Socket } from 'socket.io';

/** An Engine.IO connection: the transport under one Socket.IO client (`socket.conn`). */
export type EngineConnection = Socket['conn'];

/** Whose connection it is, for the log line when it is closed. */
export interface ConnectionOwner {
  userId: string;
  socketId: string;
}

/** A connection closed for having more than the bound waiting to be written to it. */
export interface WriteBoundClose {
  /** Waiting when it was closed, with the packet that found the bound exceeded. */
  bytes: number;
  transport: string;
  owner?: ConnectionOwner;
}

/** A packet as Engine.IO's `packetCreate` event hands it over (engine.io-parser's Packet). */
interface OutgoingPacket {
  data?: unknown;
  options?: { wsPreEncodedFrame?: readonly Uint8Array[] };
}

/** The `ws` socket under Engine.IO's websocket transport, where a write waits for the network. */
interface WsSocket {
  readonly bufferedAmount: number;
  terminate(): void;
}

interface Watched {
  readonly conn: EngineConnection;
  /** Engine.IO's write buffer: packets created and not yet handed to the transport. */
  queued: number;
  /** Polling responses handed to their HTTP socket and not yet sent on, with their bytes. */
  readonly responses: Map<ServerResponse, number>;
  inResponses: number;
  owner?: ConnectionOwner;
  closing: boolean;
}

/**
 * A bound on the bytes waiting to be written to one connection. Socket.IO writes to a client as
 * fast as the server produces: a client that stops reading leaves every message, ack and chat:sync
 * answer for it in the server's memory (Engine.IO queues packets once the transport's last write
 * has not gone out). With more than the bound waiting, the next packet for the connection drops
 * it at once; the client sees `transport close`, reconnects by itself and resumes with chat:sync
 * from its cursors. So at most the bound and one packet wait for a connection (and, until the
 * close a moment later, the packet that found it over).
 *
 * Counted on each packet the server creates for the connection (the fan-out's hot path: one
 * length read, no timer, no serialisation): the packets still in Engine.IO's buffer, plus what the
 * transport holds (the `ws` socket's buffered amount, or polling responses not yet sent on).
 *
 * The heartbeat cannot do this job: Engine.IO takes a pong that answers no ping as a sign of life,
 * and a client that never reads can still send pongs on the interval it was told at the handshake.
 * What such a client keeps open holds at most this bound, so nothing else is needed.
 */
export class SocketWriteBound {
  private readonly watched = new Map<EngineConnection, Watched>();

  constructor(
    private readonly limit: number,
    private readonly onClose: (close: WriteBoundClose) => void,
  ) {}

  watch(conn: EngineConnection): void {
    const entry: Watched = {
      conn,
      queued: 0,
      responses: new Map(),
      inResponses: 0,
      closing: false,
    };
    this.watched.set(conn, entry);
    conn.on('packetCreate', (packet: OutgoingPacket) => {
      if (entry.closing) return;
      // Over the bound before this packet: a packet bigger than the bound (a chat:sync answer of
      // about 1 MB) still goes to a client that reads, and at most one such waits over it.
      const before = waitingBytes(entry);
      const bytes = packetBytes(packet);
      entry.queued += bytes;
      if (before > this.limit) this.close(entry, before + bytes);
    });
    // Engine.IO hands its whole buffer to the transport: from now on the transport holds it.
    conn.on('flush', () => handedOver(entry));
    conn.once('close', () => this.watched.delete(conn));
  }

  /** Names the person and socket, once the Socket.IO handshake has proved them. */
  own(conn: EngineConnection, owner: ConnectionOwner): void {
    const entry = this.watched.get(conn);
    if (entry) entry.owner = owner;
  }

  /** Bytes waiting for each open connection, e.g. for a gauge; not for the hot path. */
  waiting(): number[] {
    return [...this.watched.values()].map(waitingBytes);
  }

  /** Connections being watched (they leave when they close). */
  get size(): number {
    return this.watched.size;
  }

  private close(entry: Watched, bytes: number): void {
    entry.closing = true;
    const { conn } = entry;
    this.onClose({ bytes, transport: conn.transport.name, owner: entry.owner });
    // A close frame would wait behind the data the client does not read: drop the TCP connection,
    // which frees its buffer now. Polling responses stuck the same way are dropped too.
    webSocketOf(conn)?.terminate();
    for (const response of entry.responses.keys()) response.destroy();
    // Engine.IO's close empties its buffer and tells Socket.IO. After the current fan-out has
    // returned, so that disconnect handlers do not run in the middle of someone else's emit.
    process.nextTick(() => conn.close(true));
  }
}

function handedOver(entry: Watched): void {
  const response = pollResponseOf(entry.conn);
  if (response && entry.queued > 0) {
    const bytes = entry.queued;
    entry.responses.set(response, bytes);
    entry.inResponses += bytes;
    const sent = () => {
      if (entry.responses.delete(response)) entry.inResponses -= bytes;
    };
    response.once('finish', sent);
    response.once('close', sent);
  }
  entry.queued = 0;
}

function waitingBytes(entry: Watched): number {
  return entry.queued + entry.inResponses + (webSocketOf(entry.conn)?.bufferedAmount ?? 0);
}

/** A broadcast comes with its frame already encoded; anything else is counted by its data. */
function packetBytes({ data, options }: OutgoingPacket): number {
  const frame = options?.wsPreEncodedFrame;
  if (frame) return frame.reduce((sum, part) => sum + part.byteLength, 0);
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

// Engine.IO keeps these on private fields of its transports; read defensively, so that a version
// that moves them only makes the count miss the transport's share, and tests show it.

function webSocketOf(conn: EngineConnection): WsSocket | undefined {
  const { transport } = conn;
  if (transport.name !== 'websocket') return undefined;
  const socket = (transport as unknown as { socket?: Partial<WsSocket> }).socket;
  return typeof socket?.bufferedAmount === 'number' && typeof socket.terminate === 'function'
    ? (socket as WsSocket)
    : undefined;
}

function pollResponseOf(conn: EngineConnection): ServerResponse | undefined {
  const { transport } = conn;
  if (transport.name !== 'polling') return undefined;
  return (transport as unknown as { res?: ServerResponse | null }).res ?? undefined;
}
