import { Logger, type INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { IncomingMessage } from 'node:http';
import { Registry } from 'prom-client';
import type { Server, ServerOptions, Socket } from 'socket.io';
import { redactUrl, StartupError, type AppConfig } from '@app/config';
import type { ChatServer } from '../fanout/chat-socket';
import { userOf } from './socket-auth.middleware';
import {
  SocketWriteBound,
  type EngineConnection,
  type WriteBoundClose,
} from './socket-write-bound';
import { SocketWriteMetrics } from './socket-write-metrics';
import { TokenBuckets, type Allowance } from './token-buckets';

/**
 * A connection whose other end went away (a laptop lid closed, a phone out of coverage) is found
 * within 15 s instead of Engine.IO's default 45 s, so the people in its chats stop seeing that
 * person online soon after. A ping every 10 s costs each connection a few bytes.
 */
export const HEARTBEAT = { pingInterval: 10_000, pingTimeout: 5_000 } as const;

/** Socket payloads are small (text is at most 4,000 characters); bigger frames are refused. */
const MAX_FRAME_BYTES = 64 * 1024;

/**
 * New Socket.IO sessions one client address may open: RATE_LIMIT_PER_MINUTE, with a burst of a
 * tenth of it (at least 30) so a household behind one address reconnecting after a deploy gets in,
 * and a flood of handshakes does not. Behind a proxy (TRUST_PROXY) the address is the client's,
 * from X-Forwarded-For.
 */
export const handshakesPerAddress = (requestsPerMinute: number): Allowance => ({
  burst: Math.max(30, Math.floor(requestsPerMinute / 10)),
  perSecond: requestsPerMinute / 60,
});

/**
 * Socket.IO on the HTTP port with CORS limited to WEB_ORIGIN and, when REDIS_URL is set, the Redis
 * adapter, so that rooms and emits span every instance.
 */
export class ChatIoAdapter extends IoAdapter {
  private clients: Redis[] = [];
  private readonly handshakes = new TokenBuckets();
  /** Every gateway's events (Nest binds each gateway's handlers to each socket in turn). */
  private readonly knownEvents = new Set<string>();
  private readonly answeringUnknown = new WeakSet<Socket>();
  private readonly handshakeAllowance: Allowance;
  private writeBound?: SocketWriteBound;

  constructor(
    private readonly appContext: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(appContext);
    this.handshakeAllowance = handshakesPerAddress(config.http.rateLimitPerMinute);
  }

  /** Connects the Redis pub/sub pair first, so a bad REDIS_URL is a startup error. */
  async connect(): Promise<void> {
    if (this.config.kv.kind !== 'redis') return;
    const { url } = this.config.kv;
    // Publishes of one turn of the event loop share a write (see the key-value store).
    const pub = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      enableAutoPipelining: true,
    });
    // A subscriber only listens: pipelining is for the publisher.
    const sub = pub.duplicate({ enableAutoPipelining: false });
    this.clients = [pub, sub];
    for (const client of this.clients) client.on('error', () => {});
    try {
      await Promise.all(this.clients.map((client) => client.connect()));
    } catch (error) {
      this.clients.forEach((client) => client.disconnect());
      throw new StartupError('REDIS_URL', redactUrl(url), error);
    }
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      cors: { origin: this.config.http.webOrigins, credentials: true },
      maxHttpBufferSize: MAX_FRAME_BYTES,
      ...HEARTBEAT,
      // Asked for each new engine session (the first request of a handshake), before any work.
      allowRequest: (req: IncomingMessage, callback: (error: string | null, ok: boolean) => void) =>
        callback(null, this.handshakes.take(this.addressOf(req), this.handshakeAllowance).allowed),
    }) as Server;
    server.engine.on('connection_error', (error: { code?: unknown; message?: unknown }) =>
      handlerLogger.debug({ code: error.code, reason: error.message }, 'Handshake refused'),
    );
    if (this.config.kv.kind === 'redis') {
      const [pub, sub] = this.clients;
      server.adapter(createAdapter(pub, sub, { key: `${this.config.kv.keyPrefix}socket.io` }));
    }
    this.boundWrites(server as ChatServer);
    return server;
  }

  /** Every connection, from its first packet, gets SOCKET_MAX_BUFFERED (see SocketWriteBound). */
  private boundWrites(server: ChatServer): void {
    const bound = (this.writeBound ??= this.createWriteBound());
    server.engine.on('connection', (conn: EngineConnection) => bound.watch(conn));
    server.on('connection', (socket) =>
      bound.own(socket.conn, { userId: userOf(socket).userId, socketId: socket.id }),
    );
  }

  /** One per adapter, however many servers it creates: the metrics are registered once. */
  private createWriteBound(): SocketWriteBound {
    const metrics = new SocketWriteMetrics(this.appContext.get(Registry, { strict: false }));
    const bound = new SocketWriteBound(
      this.config.chat.maxBufferedBytesPerSocket,
      (close: WriteBoundClose) => {
        metrics.closes.inc();
        handlerLogger.warn(
          { ...close.owner, bytes: close.bytes, transport: close.transport },
          'Closed a connection that does not read: too many bytes waiting to be written to it',
        );
      },
    );
    metrics.track(bound);
    return bound;
  }

  /**
   * Nest's version builds an RxJS pipeline per event name per socket, kept for the socket's life:
   * about a fifth of an idle connection's memory here. Plain listeners do the same job. Every
   * handler of ChatGateway sends its own acknowledgement (`@Ack()`), so here a handler is only
   * called with the payload and the ack callback; what it returns is not used.
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    // Nest's signature; unused, since no handler's result is sent from here.
    _transform: (data: unknown) => Observable<unknown>,
  ): void {
    this.answerUnknownEvents(socket, handlers);
    for (const { message, callback } of handlers) {
      // Socket.IO calls listeners outside any error handling: a throw here would end the process.
      socket.on(String(message), (...args: unknown[]) => {
        const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
        void Promise.resolve()
          .then(() => callback(args[0], ack))
          .catch((error: unknown) => handlerLogger.error({ err: error }, 'Socket handler failed'));
      });
    }
  }

  /**
   * An event no handler takes would leave its sender waiting for an ack forever; it gets
   * `not_found` instead (Socket.IO's reserved names never reach here).
   */
  private answerUnknownEvents(socket: Socket, handlers: MessageMappingProperties[]): void {
    handlers.forEach((handler) => this.knownEvents.add(String(handler.message)));
    // Once per socket, whichever gateway is bound first; the set is complete before any event.
    if (this.answeringUnknown.has(socket)) return;
    this.answeringUnknown.add(socket);
    const known = this.knownEvents;
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (known.has(String(event)) || typeof ack !== 'function') return;
      try {
        (ack as (value: unknown) => void)({
          ok: false,
          error: { code: 'not_found', message: 'No such event' },
        });
      } catch (error) {
        handlerLogger.error({ err: error }, 'Answering an unknown event failed');
      }
    });
  }

  private addressOf(req: IncomingMessage): string {
    const forwarded = req.headers['x-forwarded-for'];
    if (this.config.http.trustProxy && typeof forwarded === 'string') {
      return forwarded.split(',')[0].trim();
    }
    return req.socket.remoteAddress ?? 'unknown';
  }

  override async dispose(): Promise<void> {
    this.handshakes.close();
    await super.dispose();
    await Promise.all(this.clients.map((client) => client.quit().catch(() => client.disconnect())));
  }
}

const handlerLogger = new Logger('ChatIoAdapter');
