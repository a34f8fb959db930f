import { Injectable, Logger, OnModuleDestroy, UnauthorizedException } from '@nestjs/common';
import { AccessTokenVerifier, SessionStore } from '@app/auth';
import type { AuthRenewed, SessionEndReason } from '@app/contracts';
import type { ChatServer, ChatSocket } from '../fanout/chat-socket';
import { sessionRoom } from '../fanout/rooms';
import { userOf } from './socket-auth.middleware';

/** How often each instance looks for sessions ended anywhere; a second is the promise. */
const REVOCATION_POLL_MS = 250;
/** An ended session is acted on once; its id is forgotten after the announcement buckets expire. */
const HANDLED_FOR_MS = 60_000;
/** setTimeout holds at most about 24.8 days; a later expiry is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A socket lives only as long as its sign-in session: it is disconnected, on every instance within
 * a second, when the session ends (logout, refresh-token reuse, the account taken back), and when
 * its access token expires unless the client renewed it with `auth:renew`.
 */
@Injectable()
export class SocketSessions implements OnModuleDestroy {
  private readonly logger = new Logger('SocketSessions');
  private readonly expiries = new Map<string, NodeJS.Timeout>();
  private readonly handled = new Map<string, number>();
  private server?: ChatServer;
  private poller?: NodeJS.Timeout;
  private polling = false;
  private failing = false;

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly sessions: SessionStore,
  ) {}

  attach(server: ChatServer): void {
    this.server = server;
    this.poller = setInterval(() => void this.endRevoked(), REVOCATION_POLL_MS).unref();
  }

  /** On connect: the socket joins its session's room and is ended when its token expires. */
  async track(socket: ChatSocket): Promise<void> {
    const { sessionId } = userOf(socket);
    await socket.join(sessionRoom(sessionId));
    this.scheduleExpiry(socket);
  }

  untrack(socket: ChatSocket): void {
    clearTimeout(this.expiries.get(socket.id));
    this.expiries.delete(socket.id);
  }

  /** `auth:renew`: a fresh access token of the same person; the socket moves to its session. */
  async renew(socket: ChatSocket, token: string): Promise<AuthRenewed> {
    const current = userOf(socket);
    const renewed = await this.verifier.verify(token);
    if (renewed.userId !== current.userId) {
      throw new UnauthorizedException('The token belongs to someone else');
    }
    if (renewed.sessionId !== current.sessionId) {
      await socket.leave(sessionRoom(current.sessionId));
      await socket.join(sessionRoom(renewed.sessionId));
    }
    socket.data.user = renewed;
    this.scheduleExpiry(socket);
    return { expiresAt: new Date(renewed.expiresAt).toISOString() };
  }

  onModuleDestroy(): void {
    clearInterval(this.poller);
    this.expiries.forEach((timer) => clearTimeout(timer));
    this.expiries.clear();
    this.server = undefined;
  }

  private scheduleExpiry(socket: ChatSocket): void {
    this.untrack(socket);
    const { expiresAt } = userOf(socket);
    if (!Number.isFinite(expiresAt)) return;
    const wait = Math.min(Math.max(0, expiresAt - Date.now()), MAX_TIMER_MS);
    const timer = setTimeout(() => {
      if (userOf(socket).expiresAt > Date.now()) this.scheduleExpiry(socket);
      else end(socket, 'expired');
    }, wait).unref();
    this.expiries.set(socket.id, timer);
  }

  /** Ends this instance's sockets of every session ended anywhere since the last look. */
  private async endRevoked(): Promise<void> {
    if (this.polling || !this.server) return;
    this.polling = true;
    try {
      const now = Date.now();
      for (const [sessionId, at] of this.handled) {
        if (now - at > HANDLED_FOR_MS) this.handled.delete(sessionId);
      }
      for (const sessionId of await this.sessions.recentlyEnded(now)) {
        if (this.handled.has(sessionId)) continue;
        this.handled.set(sessionId, now);
        const sockets = this.server.local.in(sessionRoom(sessionId));
        const endedBy = await this.sessions.endedBy(sessionId);
        sockets.emit('session:ended', {
          reason: endedBy === 'elsewhere' ? 'signed_out_elsewhere' : 'signed_out',
        });
        sockets.disconnectSockets(true);
      }
      if (this.failing) this.logger.log('Checking for ended sessions works again');
      this.failing = false;
    } catch (error) {
      // Once per outage, not four times a second.
      if (!this.failing)
        this.logger.warn({ err: error }, 'Cannot check for ended sessions; retrying');
      this.failing = true;
    } finally {
      this.polling = false;
    }
  }
}

function end(socket: Pick<ChatSocket, 'emit' | 'disconnect'>, reason: SessionEndReason): void {
  socket.emit('session:ended', { reason });
  socket.disconnect(true);
}
