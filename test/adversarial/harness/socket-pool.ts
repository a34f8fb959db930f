import { io, type Socket } from 'socket.io-client';

/** The untyped view of a client socket: fuzz cases emit events and arguments the types forbid. */
interface LooseEmitter {
  emit(event: string, ...args: unknown[]): void;
}

export type AckOutcome =
  { kind: 'ack'; value: unknown } | { kind: 'timeout' } | { kind: 'disconnected'; reason: string };

/** A socket that connected (resolves) or was refused (rejects with the `connect_error`). */
export function connectSocket(
  url: string,
  token: string | undefined,
  timeoutMs = 15_000,
  extraHeaders?: Record<string, string>,
): Promise<Socket> {
  const socket = io(url, {
    auth: token === undefined ? {} : { token },
    extraHeaders,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`socket did not connect in ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
  });
}

/**
 * Emits with an ack and waits for it, a disconnect (an oversize frame, or the session ended by a
 * concurrent logout case) or the timeout: a handler that never answers is a finding.
 */
export function emitWithAck(
  socket: Socket,
  event: string,
  args: unknown[],
  timeoutMs = 5_000,
): Promise<AckOutcome> {
  return new Promise((resolve) => {
    const onDisconnect = (reason: string) => finish({ kind: 'disconnected', reason });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    function finish(outcome: AckOutcome) {
      clearTimeout(timer);
      socket.off('disconnect', onDisconnect);
      resolve(outcome);
    }
    socket.once('disconnect', onDisconnect);
    (socket as unknown as LooseEmitter).emit(event, ...args, (value: unknown) =>
      finish({ kind: 'ack', value }),
    );
  });
}

export function emitWithoutAck(socket: Socket, event: string, args: unknown[]): void {
  (socket as unknown as LooseEmitter).emit(event, ...args);
}

/** A few signed-in sockets shared by the cases; one that was disconnected is replaced on demand. */
export class SocketPool {
  private readonly sockets: Array<Promise<Socket> | undefined>;
  private readonly all = new Set<Socket>();

  constructor(
    private readonly url: string,
    private readonly token: () => string,
    size: number,
  ) {
    this.sockets = Array.from({ length: size }, () => undefined);
  }

  async get(slot: number): Promise<Socket> {
    const i = slot % this.sockets.length;
    const current = this.sockets[i];
    if (current) {
      const socket = await current.catch(() => undefined);
      if (socket?.connected) return socket;
    }
    const next = this.fresh();
    this.sockets[i] = next;
    return next;
  }

  /** A socket of its own, for a case that is expected to get it disconnected. */
  async fresh(): Promise<Socket> {
    const socket = await connectSocket(this.url, this.token());
    this.all.add(socket);
    return socket;
  }

  close(): void {
    for (const socket of this.all) socket.close();
    this.all.clear();
  }
}
