import type { AuthSession } from '@app/contracts';
import {
  connectClient,
  createUsers,
  disconnectAll,
  nextEvent,
  openDirectChat,
  type TestApp,
} from '@app/testing';
import { HEARTBEAT } from '../src/chat/socket/chat-io.adapter';
import { RawSocketIo } from './raw-socket-io';
import { startTestApp } from './test-app';

/**
 * A client whose network went away answers no ping: the server ends its connection within one
 * heartbeat (ping interval plus timeout, 15 s; Engine.IO's default was 45 s), and the people who
 * share a chat with it see that person go offline.
 */
describe('The heartbeat', () => {
  let t: TestApp;
  let ada: AuthSession;
  let bob: AuthSession;

  beforeAll(async () => {
    t = await startTestApp();
    [ada, bob] = await createUsers(t, 2);
    await openDirectChat(t, ada, bob);
  });

  afterAll(async () => {
    disconnectAll();
    await t.close();
  });

  it('gives up on a connection that answers no ping within 15 s: others see the person offline', async () => {
    const watcher = await connectClient(t, bob);
    const online = nextEvent(watcher, 'presence', (e) => e.userId === ada.user.id && e.online);
    const silent = await RawSocketIo.connect(t.url, ada.accessToken);
    await online;
    const started = Date.now();
    const offline = nextEvent(
      watcher,
      'presence',
      (e) => e.userId === ada.user.id && !e.online,
      HEARTBEAT.pingInterval + HEARTBEAT.pingTimeout + 3000,
    );
    // The server gives up on the connection at the ping timeout (its TCP socket may linger while
    // the WebSocket closing handshake waits for a client that does not read).
    await offline;
    expect(Date.now() - started).toBeLessThanOrEqual(
      HEARTBEAT.pingInterval + HEARTBEAT.pingTimeout + 2000,
    );
    silent.destroy();
  }, 30_000);
});
