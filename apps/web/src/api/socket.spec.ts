import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import {
  UNAVAILABLE_CONNECT_ERROR,
  type ClientToServerEvents,
  type SessionEndReason,
  type ServerToClientEvents,
} from '@app/contracts';
import { forgetSession, refreshSession, rememberSession } from './http';
import { connectRealtime } from './socket';

/** A Socket.IO server that refuses the first `refusals` handshakes as the app does when a service is down. */
async function refusingServer(refusals: number) {
  const http = createServer();
  const io = new Server(http);
  let handshakes = 0;
  io.use((_socket, next) => {
    handshakes += 1;
    next(handshakes <= refusals ? new Error(UNAVAILABLE_CONNECT_ERROR) : undefined);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    handshakes: () => handshakes,
    close: () => io.close(),
  };
}

/**
 * A Socket.IO server that takes every handshake and records its `auth.token`, accepts every
 * `auth:renew` (recording the token and when it came), and ends sessions as the app does.
 */
async function sessionServer({ refuseTransports = 0 } = {}) {
  const http = createServer();
  let transportRequests = 0;
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    // As the app's per-address handshake limit: refused before Socket.IO sees the connection.
    allowRequest: (_req, callback) => callback(null, ++transportRequests > refuseTransports),
  });
  const handshakeTokens: Array<string | undefined> = [];
  const renewals: Array<{ token: string; at: number }> = [];
  io.use((socket, next) => {
    handshakeTokens.push((socket.handshake.auth as { token?: string }).token);
    next();
  });
  io.on('connection', (socket) => {
    socket.on('auth:renew', ({ token }, ack) => {
      renewals.push({ token, at: Date.now() });
      ack({ ok: true, data: { expiresAt: new Date(Date.now() + 60_000).toISOString() } });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    handshakeTokens,
    renewals,
    /** As `SocketSessions`: tells every socket why, then disconnects it. */
    end(reason: SessionEndReason) {
      io.emit('session:ended', { reason });
      io.disconnectSockets(true);
    },
    /** Tells every socket why, then its transport drops (no disconnect packet reaches it). */
    endThenDrop(reason: SessionEndReason) {
      io.emit('session:ended', { reason });
      setTimeout(() => {
        for (const socket of io.sockets.sockets.values()) socket.conn.close();
      }, 50);
    },
    /** A network drop: the transport closes under the socket, which reconnects by itself. */
    dropTransports() {
      for (const socket of io.sockets.sockets.values()) socket.conn.close();
    },
    close: () => io.close(),
  };
}

/** A fake `fetch` answering `POST /api/v1/auth/refresh` from a queue (500 when it runs out). */
function fakeRefresh(answers: Array<{ status: number; body?: unknown }>) {
  const calls: string[] = [];
  globalThis.fetch = jest.fn(async (url: string) => {
    calls.push(url);
    const answer = answers.shift() ?? { status: 500 };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
    });
  }) as unknown as typeof fetch;
  return calls;
}

const session = (accessToken: string, accessTokenExpiresInSec: number) => ({
  status: 200,
  body: { tokenType: 'Bearer', accessToken, accessTokenExpiresInSec },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting for the condition');
    await sleep(20);
  }
}

/** The link's next connect; rejects after 5 s, so a failing test still reaches its `finally`. */
function connected(link: ReturnType<typeof connectRealtime>): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not connected within 5 s')), 5_000);
    link.onConnectionChange((up) => {
      if (!up) return;
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('The web client’s socket', () => {
  jest.setTimeout(15_000);
  const realFetch = globalThis.fetch;
  beforeEach(() => forgetSession());
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('connects again by itself after the server refused a handshake as unavailable', async () => {
    const server = await refusingServer(1);
    const link = connectRealtime(() => undefined, server.url);
    try {
      await connected(link);
      expect(server.handshakes()).toBe(2);
    } finally {
      link.close();
      await server.close();
    }
  });

  it('stays closed when it is closed while waiting to retry', async () => {
    const server = await refusingServer(1);
    const link = connectRealtime(() => undefined, server.url);
    await sleep(300);
    link.close();
    await sleep(5_500);
    expect(server.handshakes()).toBe(1);
    expect(link.connected).toBe(false);
    await server.close();
  });

  it('connects again, with backoff, after a handshake refused for too many connections', async () => {
    const server = await sessionServer({ refuseTransports: 1 });
    const link = connectRealtime(() => undefined, server.url);
    try {
      await connected(link);
      expect(server.handshakeTokens).toHaveLength(1);
    } finally {
      link.close();
      await server.close();
    }
  });

  describe('its access token', () => {
    it('is renewed with auth:renew at about 80% of its life, without reconnecting, and the next handshake carries the new one', async () => {
      const server = await sessionServer();
      const refreshes = fakeRefresh([session('second', 60)]);
      rememberSession({ accessToken: 'first', accessTokenExpiresInSec: 3 });
      const issued = Date.now();
      const link = connectRealtime(() => undefined, server.url);
      try {
        await connected(link);
        expect(server.handshakeTokens).toEqual(['first']);
        await waitFor(() => server.renewals.length > 0);
        expect(server.renewals.map((r) => r.token)).toEqual(['second']);
        const renewedAfter = server.renewals[0].at - issued;
        // 80% of 3 s, well before the token expires.
        expect(renewedAfter).toBeGreaterThanOrEqual(2_300);
        expect(renewedAfter).toBeLessThan(3_000);
        expect(refreshes).toEqual(['/api/v1/auth/refresh']);
        expect(server.handshakeTokens).toHaveLength(1);
        expect(link.connected).toBe(true);

        const back = connected(link);
        server.dropTransports();
        await back;
        expect(server.handshakeTokens).toEqual(['first', 'second']);
      } finally {
        link.close();
        await server.close();
      }
    });

    it('is renewed at once with a token the HTTP layer got by refreshing for its own calls', async () => {
      const server = await sessionServer();
      fakeRefresh([session('from-http', 900)]);
      rememberSession({ accessToken: 'first', accessTokenExpiresInSec: 900 });
      const link = connectRealtime(() => undefined, server.url);
      try {
        await connected(link);
        await expect(refreshSession()).resolves.toBe(true);
        await waitFor(() => server.renewals.length > 0);
        expect(server.renewals.map((r) => r.token)).toEqual(['from-http']);
        expect(server.handshakeTokens).toEqual(['first']);
      } finally {
        link.close();
        await server.close();
      }
    });

    it('is fetched and sent right after connecting by the cookie, whose expiry the page cannot read', async () => {
      const server = await sessionServer();
      fakeRefresh([session('fresh', 900)]);
      const link = connectRealtime(() => undefined, server.url);
      try {
        await connected(link);
        expect(server.handshakeTokens).toEqual([undefined]);
        await waitFor(() => server.renewals.length > 0);
        expect(server.renewals.map((r) => r.token)).toEqual(['fresh']);
      } finally {
        link.close();
        await server.close();
      }
    });
  });

  describe('when the server ends its session', () => {
    it.each(['signed_out', 'signed_out_elsewhere'] as const)(
      'signs out, saying why, without refreshing or reconnecting, when it was %s',
      async (reason) => {
        const server = await sessionServer();
        const refreshes = fakeRefresh([]);
        rememberSession({ accessToken: 'first', accessTokenExpiresInSec: 900 });
        const signedOut = jest.fn();
        const link = connectRealtime(signedOut, server.url);
        try {
          await connected(link);
          server.end(reason);
          await waitFor(() => signedOut.mock.calls.length > 0);
          await sleep(1_500);
          expect(signedOut.mock.calls).toEqual([[reason]]);
          expect(refreshes).toEqual([]);
          expect(server.handshakeTokens).toHaveLength(1);
          expect(link.connected).toBe(false);
        } finally {
          link.close();
          await server.close();
        }
      },
    );

    it('stays closed when the transport drops after the session was ended from another device', async () => {
      const server = await sessionServer();
      const refreshes = fakeRefresh([]);
      rememberSession({ accessToken: 'first', accessTokenExpiresInSec: 900 });
      const signedOut = jest.fn();
      // As the app: signing out does not close the link at once (React unmounts it a moment later).
      const link = connectRealtime(signedOut, server.url);
      try {
        await connected(link);
        server.endThenDrop('signed_out_elsewhere');
        await waitFor(() => signedOut.mock.calls.length > 0);
        await sleep(2_500);
        expect(signedOut.mock.calls).toEqual([['signed_out_elsewhere']]);
        expect(refreshes).toEqual([]);
        expect(server.handshakeTokens).toHaveLength(1);
        expect(link.connected).toBe(false);
      } finally {
        link.close();
        await server.close();
      }
    });

    it('refreshes the tokens and connects again with the new one when it expired', async () => {
      const server = await sessionServer();
      const refreshes = fakeRefresh([session('after-expiry', 900)]);
      rememberSession({ accessToken: 'first', accessTokenExpiresInSec: 900 });
      const signedOut = jest.fn();
      const link = connectRealtime(signedOut, server.url);
      try {
        await connected(link);
        const back = connected(link);
        server.end('expired');
        await back;
        expect(refreshes).toEqual(['/api/v1/auth/refresh']);
        expect(server.handshakeTokens).toEqual(['first', 'after-expiry']);
        expect(signedOut).not.toHaveBeenCalled();
      } finally {
        link.close();
        await server.close();
      }
    });

    it('signs out, with no reason of its own, when it expired and the refresh is refused', async () => {
      const server = await sessionServer();
      fakeRefresh([{ status: 401 }]);
      rememberSession({ accessToken: 'first', accessTokenExpiresInSec: 900 });
      const signedOut = jest.fn();
      const link = connectRealtime(signedOut, server.url);
      try {
        await connected(link);
        server.end('expired');
        await waitFor(() => signedOut.mock.calls.length > 0);
        await sleep(1_500);
        expect(signedOut.mock.calls).toEqual([[undefined]]);
        expect(server.handshakeTokens).toHaveLength(1);
        expect(link.connected).toBe(false);
      } finally {
        link.close();
        await server.close();
      }
    });
  });
});
