import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import {
  SocketWriteBound,
  type EngineConnection,
  type WriteBoundClose,
} from './socket-write-bound';

/** The `ws` socket under a websocket transport: bytes written and not yet taken by the network. */
class FakeWs {
  bufferedAmount = 0;
  readonly terminate = jest.fn();
}

/** An Engine.IO connection as the bound sees it: its events, its transport, and close(). */
class FakeConnection extends EventEmitter {
  readonly close = jest.fn();
  constructor(public transport: { name: string; socket?: FakeWs; res?: ServerResponse | null }) {
    super();
  }

  send(data: unknown, options?: object): void {
    this.emit('packetCreate', { type: 'message', data, options });
  }

  get asConnection(): EngineConnection {
    return this as unknown as EngineConnection;
  }
}

function watched(limit: number, transport: FakeConnection['transport']) {
  const closes: WriteBoundClose[] = [];
  const bound = new SocketWriteBound(limit, (close) => closes.push(close));
  const conn = new FakeConnection(transport);
  bound.watch(conn.asConnection);
  return { bound, conn, closes };
}

const nextTick = () => new Promise((resolve) => process.nextTick(resolve));

describe('SocketWriteBound on a websocket connection', () => {
  it('counts the packets in the write buffer and the socket’s buffered bytes', () => {
    const ws = new FakeWs();
    const { bound, conn, closes } = watched(1000, { name: 'websocket', socket: ws });
    conn.send('x'.repeat(300));
    conn.send(Buffer.alloc(200));
    conn.send('é'.repeat(50)); // 100 bytes in UTF-8
    expect(bound.waiting()).toEqual([600]);
    // Handed to the transport: the bytes are now the socket's.
    conn.emit('flush');
    ws.bufferedAmount = 600;
    expect(bound.waiting()).toEqual([600]);
    ws.bufferedAmount = 0;
    expect(bound.waiting()).toEqual([0]);
    expect(closes).toEqual([]);
  });

  it('counts a broadcast by its pre-encoded frame', () => {
    const { bound, conn } = watched(1000, { name: 'websocket', socket: new FakeWs() });
    conn.send('ignored', { wsPreEncodedFrame: [Buffer.alloc(2), Buffer.alloc(98)] });
    expect(bound.waiting()).toEqual([100]);
  });

  it('with more than the bound waiting, drops the TCP connection at the next packet and closes the session after the emit', async () => {
    const ws = new FakeWs();
    const { conn, closes, bound } = watched(1000, { name: 'websocket', socket: ws });
    bound.own(conn.asConnection, { userId: 'u1', socketId: 's1' });
    ws.bufferedAmount = 1000;
    conn.send('x');
    expect(closes).toEqual([]);
    conn.send('y');
    expect(closes).toEqual([
      { bytes: 1002, transport: 'websocket', owner: { userId: 'u1', socketId: 's1' } },
    ]);
    expect(ws.terminate).toHaveBeenCalledTimes(1);
    expect(conn.close).not.toHaveBeenCalled();
    await nextTick();
    expect(conn.close).toHaveBeenCalledWith(true);
    // Reported and closed once, whatever is still sent before Engine.IO's close lands.
    conn.send('z'.repeat(5000));
    expect(closes).toHaveLength(1);
    expect(ws.terminate).toHaveBeenCalledTimes(1);
  });

  it('lets a packet bigger than the bound go to a connection with nothing waiting', () => {
    const ws = new FakeWs();
    const { conn, closes } = watched(1000, { name: 'websocket', socket: ws });
    conn.send('x'.repeat(5000));
    conn.emit('flush');
    // The client read it.
    conn.send('y'.repeat(5000));
    expect(closes).toEqual([]);
    expect(ws.terminate).not.toHaveBeenCalled();
  });

  it('forgets a connection once it has closed', () => {
    const { bound, conn } = watched(1000, { name: 'websocket', socket: new FakeWs() });
    conn.send('x');
    conn.emit('close', 'transport close');
    expect(bound.size).toBe(0);
    expect(bound.waiting()).toEqual([]);
  });
});

describe('SocketWriteBound on a polling connection', () => {
  class FakeResponse extends EventEmitter {
    readonly destroy = jest.fn();
    get asResponse(): ServerResponse {
      return this as unknown as ServerResponse;
    }
  }

  it('counts a response until it has been sent on, then forgets it', () => {
    const { bound, conn } = watched(1000, { name: 'polling' });
    conn.send('x'.repeat(400));
    const response = new FakeResponse();
    conn.transport.res = response.asResponse;
    conn.emit('flush');
    conn.transport.res = null;
    conn.send('y'.repeat(100));
    expect(bound.waiting()).toEqual([500]);
    response.emit('finish');
    response.emit('close');
    expect(bound.waiting()).toEqual([100]);
  });

  it('with more than the bound waiting, drops the responses still stuck and closes the session', async () => {
    const { conn, closes } = watched(1000, { name: 'polling' });
    conn.send('x'.repeat(600));
    const response = new FakeResponse();
    conn.transport.res = response.asResponse;
    conn.emit('flush');
    conn.transport.res = null;
    // No poll request comes: the packets stay in Engine.IO's buffer.
    conn.send('y'.repeat(300));
    conn.send('z'.repeat(300));
    expect(closes).toEqual([]);
    conn.send('!');
    expect(closes).toEqual([{ bytes: 1201, transport: 'polling', owner: undefined }]);
    expect(response.destroy).toHaveBeenCalled();
    await nextTick();
    expect(conn.close).toHaveBeenCalledWith(true);
  });
});
