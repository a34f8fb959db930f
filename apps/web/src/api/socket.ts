import { io, type Socket } from 'socket.io-client';
import {
  UNAUTHORIZED_CONNECT_ERROR,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SessionEndReason,
} from '@app/contracts';
import { chatText } from '../i18n/chat';
import { RealtimeError, type RealtimeLink } from '../state/realtime-link';
import { latestAccessGrant, onAccessGrant, refreshSession, type AccessGrant } from './http';

const ACK_TIMEOUT_MS = 10_000;

/**
 * The socket's token is renewed at 80% of its life: early enough for a refresh, an `auth:renew` and
 * a retry of both before the server ends the socket as expired; late enough to refresh rarely.
 */
const RENEW_AT_FRACTION = 0.8;
/** A proactive refresh that failed (network) is tried again this much later, while the token lasts. */
const RENEW_RETRY_MS = 15_000;
/** setTimeout fires at once for a longer delay (it holds at most about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Spread over 1–5 s, so clients refused together do not come back together. */
const refusedRetryDelayMs = () => 1000 + Math.random() * 4000;

type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Socket.IO on the page's own origin. It reconnects by itself; a handshake refused as unauthorized
 * (access token expired) renews the session first. While connected it keeps its access token fresh
 * with `auth:renew` instead of reconnecting, and it ends with the sign-in session (`session:ended`).
 * `onSignedOut` gets the server's reason when the server ended the session (signed out here or on
 * another device), none when a refresh was refused.
 */
export function connectRealtime(
  onSignedOut: (reason?: SessionEndReason) => void,
  /** The page's own origin unless given (tests). */
  url?: string,
): RealtimeLink & { close(): void } {
  // The token of the last handshake, and the one the server holds for the open socket (that
  // handshake's, or the last one `auth:renew` took). Null: signed in by the cookie, whose expiry
  // the page cannot read.
  let handshakeGrant: AccessGrant | null = null;
  let socketGrant: AccessGrant | null = null;
  const options = {
    withCredentials: true,
    transports: ['websocket'],
    // Read at every handshake, so a reconnect carries the newest token. An expired one is left
    // out: the cookie, which another tab may have refreshed since, is then the better bet.
    auth: (send: (auth: { token?: string }) => void) => {
      const latest = latestAccessGrant();
      handshakeGrant = latest && latest.expiresAt > Date.now() ? latest : null;
      send(handshakeGrant ? { token: handshakeGrant.token } : {});
    },
  };
  const socket: ChatSocket = url === undefined ? io(options) : io(url, options);
  // Set by close(): a renewal or retry that finishes afterwards must not reopen the connection.
  let closed = false;
  // Set by `session:ended` other than `expired`: the session is over, nothing may reconnect.
  let ended = false;
  let renewTimer: ReturnType<typeof setTimeout> | undefined;
  const reconnect = () => {
    if (!closed && !ended) socket.connect();
  };
  const signOut = (reason?: SessionEndReason) => {
    if (!closed) onSignedOut(reason);
  };

  const request: RealtimeLink['request'] = (event, payload) => {
    const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
      emitWithAck(event: string, payload: unknown): Promise<Ack<unknown>>;
    };
    return timed.emitWithAck(event, payload).then(
      (ack) => {
        if (ack.ok) return ack.data as never;
        throw new RealtimeError(ack.error.code, ack.error.message);
      },
      () => {
        throw new RealtimeError('timeout', chatText('errors.noAnswer'));
      },
    );
  };

  /** Refreshes the session; the new token comes back through `onAccessGrant` and is sent then. */
  const refreshForSocket = () => {
    if (!socket.connected) return; // the next connect schedules it again
    void refreshSession().then((renewed) => {
      if (renewed || !socket.connected) return;
      // Unreachable or refused: again shortly while the token lasts; after that the server's
      // `session:ended` decides (a refused refresh means the session is over anyway).
      if (socketGrant && Date.now() + RENEW_RETRY_MS < socketGrant.expiresAt) {
        renewTimer = setTimeout(refreshForSocket, RENEW_RETRY_MS);
      }
    });
  };

  /** At 80% of the socket's token's life; at once for the cookie's token, of unknown expiry. */
  const scheduleRenewal = () => {
    clearTimeout(renewTimer);
    if (!socket.connected) return;
    const due =
      socketGrant === null
        ? Date.now()
        : socketGrant.receivedAt +
          RENEW_AT_FRACTION * (socketGrant.expiresAt - socketGrant.receivedAt);
    renewTimer = setTimeout(
      refreshForSocket,
      Math.min(Math.max(0, due - Date.now()), MAX_TIMER_MS),
    );
  };

  const renew = (grant: AccessGrant) => {
    clearTimeout(renewTimer);
    request('auth:renew', { token: grant.token }).then(
      () => {
        // Two renewals in flight (two quick refreshes): the later token is the one to time.
        if (!socketGrant || grant.expiresAt >= socketGrant.expiresAt) socketGrant = grant;
        scheduleRenewal();
      },
      () => {
        // Refused or unanswered: the socket keeps its old token until it is disconnected (the
        // reconnect carries the new one) or ended as expired (refresh and reconnect). Retrying
        // from here could loop on a token the server keeps refusing.
      },
    );
  };

  // Any new token (ours, or a refresh by an HTTP call) goes to the open socket at once.
  const stopGrants = onAccessGrant((grant) => {
    if (socket.connected) renew(grant);
  });

  /**
   * Whether this page is in front, for the server's push: no push while a page of mine is seen,
   * and a socket starts as not seen, so it is said after every (re)connect and on every change.
   * Unanswered or refused (an older server), it only costs a notification too many.
   */
  const tellVisibility = () => {
    if (!socket.connected || typeof document === 'undefined') return;
    const visible = document.visibilityState === 'visible';
    request('client:visibility', { visible }).catch(() => undefined);
  };

  const connectionHandlers: Array<(connected: boolean) => void> = [];
  socket.on('connect', () => {
    tellVisibility();
    socketGrant = handshakeGrant;
    // A token that came while the handshake was under way is newer than the one it carried.
    const latest = latestAccessGrant();
    if (latest && latest !== socketGrant && latest.expiresAt > Date.now()) renew(latest);
    else scheduleRenewal();
    connectionHandlers.forEach((h) => h(true));
  });
  socket.on('disconnect', () => {
    clearTimeout(renewTimer);
    connectionHandlers.forEach((h) => h(false));
  });
  socket.on('connect_error', (error) => {
    if (error.message === UNAUTHORIZED_CONNECT_ERROR) {
      void refreshSession().then((renewed) => (renewed ? reconnect() : signOut()));
      return;
    }
    // A network failure, or a handshake refused at the transport level (too many connections from
    // this address), is retried by the manager with backoff; one the server refused is not.
    if (!socket.active) setTimeout(reconnect, refusedRetryDelayMs());
  });
  socket.on('session:ended', ({ reason }) => {
    clearTimeout(renewTimer);
    if (reason !== 'expired') {
      // Logout, revocation, signed out from another device, or a reason this client does not
      // know yet: the session is over. Closed from here too, so that nothing reconnects however
      // the server's disconnect arrives (a dropped transport would be retried by the manager).
      ended = true;
      socket.disconnect();
      signOut(reason);
      return;
    }
    // The server disconnects right after this, and Socket.IO does not retry a disconnect the
    // server made: connect again once both the refresh and that disconnect are done.
    const disconnected = new Promise<void>((resolve) => {
      if (socket.connected) socket.once('disconnect', () => resolve());
      else resolve();
    });
    void Promise.all([refreshSession(), disconnected]).then(([renewed]) =>
      renewed ? reconnect() : signOut(),
    );
  });

  // The browser knows at once when the network goes (and comes back); the heartbeat would take
  // tens of seconds to notice. Closing the transport shows the page offline now and lets the
  // manager reconnect with its backoff; coming back online connects at once.
  const wentOffline = () => {
    if (socket.connected) socket.io.engine?.close();
  };
  const cameOnline = () => {
    if (socket.connected || closed || ended) return;
    socket.disconnect();
    socket.connect();
  };
  if (typeof window !== 'undefined') {
    window.addEventListener('offline', wentOffline);
    window.addEventListener('online', cameOnline);
    document.addEventListener('visibilitychange', tellVisibility);
  }

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
    request,
    close() {
      closed = true;
      clearTimeout(renewTimer);
      stopGrants();
      if (typeof window !== 'undefined') {
        window.removeEventListener('offline', wentOffline);
        window.removeEventListener('online', cameOnline);
        document.removeEventListener('visibilitychange', tellVisibility);
      }
      socket.close();
    },
  };
}
