import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { UNAVAILABLE_CONNECT_ERROR } from '@app/contracts';
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('The web client’s socket', () => {
  jest.setTimeout(15_000);

  it('connects again by itself after the server refused a handshake as unavailable', async () => {
    const server = await refusingServer(1);
    const link = connectRealtime(() => undefined, server.url);
    try {
      const connected = new Promise<void>((resolve) =>
        link.onConnectionChange((up) => up && resolve()),
      );
      await connected;
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
});
