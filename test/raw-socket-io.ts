import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A Socket.IO client on a bare TCP socket, speaking just enough WebSocket (RFC 6455) and
 * Engine.IO v4 to sign in and send events: unlike socket.io-client, it can stop reading, or read
 * a few bytes at a time, and keep sending, the way a hostile or stuck client does.
 */
export class RawSocketIo {
  private ackIds = 0;
  private readonly ended: Promise<void>;

  private constructor(readonly socket: Socket) {
    this.ended = new Promise((resolve) => socket.once('close', () => resolve()));
    // A reset from the server is how a test sees the close; it is not a failure of the client.
    socket.on('error', () => undefined);
  }

  /** Opens a websocket session and connects to the default namespace with `token`. */
  static async connect(url: string, token: string): Promise<RawSocketIo> {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port) });
    const client = new RawSocketIo(socket);
    const frames = new FrameReader(socket);
    socket.write(
      [
        'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1',
        `Host: ${hostname}:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
    const open = await frames.next();
    if (!open.startsWith('0')) throw new Error(`Expected the Engine.IO open packet, got ${open}`);
    client.send(`40${JSON.stringify({ token })}`);
    for (;;) {
      const packet = await frames.next();
      if (packet === '2') client.send('3');
      else if (packet.startsWith('40')) break;
      else throw new Error(`Socket.IO connect refused: ${packet}`);
    }
    frames.stop();
    return client;
  }

  /** An event with an ack id, so the server answers it (whether or not anyone reads the answer). */
  emit(event: string, payload: unknown): void {
    this.ackIds += 1;
    this.send(`42${this.ackIds}${JSON.stringify([event, payload])}`);
  }

  /** A pong that answers no ping: Engine.IO takes it as a sign of life all the same. */
  pong(): void {
    this.send('3');
  }

  /** Never reads again: the socket's buffers fill, then the server's. */
  stopReading(): void {
    this.socket.pause();
  }

  /** Reads at most `bytes` every `everyMs` and throws them away; returns a function that stops. */
  readSlowly(bytes: number, everyMs: number): () => void {
    this.socket.pause();
    const timer = setInterval(() => {
      const available = Math.min(bytes, this.socket.readableLength);
      if (available > 0) this.socket.read(available);
    }, everyMs);
    return () => clearInterval(timer);
  }

  get closed(): boolean {
    return this.socket.destroyed;
  }

  /** Resolves when the connection has closed, or false after `ms`. */
  async closedWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, false)));
    const closed = await Promise.race([this.ended.then(() => true), timeout]);
    clearTimeout(timer);
    return closed;
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** One text frame, masked as a client must (RFC 6455 §5.3). */
  private send(text: string): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    const payload = Buffer.from(text);
    const length = payload.length;
    const header =
      length < 126
        ? Buffer.from([0x81, 0x80 | length])
        : length < 65536
          ? Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff])
          : Buffer.concat([Buffer.from([0x81, 0x80 | 127]), bigEndian64(length)]);
    const mask = randomBytes(4);
    for (let i = 0; i < length; i += 1) payload[i] ^= mask[i % 4];
    this.socket.write(Buffer.concat([header, mask, payload]));
  }
}

function bigEndian64(value: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(BigInt(value));
  return buffer;
}

/** The server's frames during the handshake: after the HTTP 101, unmasked text frames. */
class FrameReader {
  private buffer = Buffer.alloc(0);
  private upgraded = false;
  private readonly texts: string[] = [];
  private waiting?: { resolve: (text: string) => void; reject: (error: Error) => void };
  private readonly onData = (chunk: Buffer) => this.take(chunk);
  private readonly onClose = () => this.waiting?.reject(new Error('Closed during the handshake'));

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.on('close', this.onClose);
  }

  next(): Promise<string> {
    const text = this.texts.shift();
    if (text !== undefined) return Promise.resolve(text);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** Hands the socket back, paused; what came after the handshake is dropped unread. */
  stop(): void {
    this.socket.off('data', this.onData);
    this.socket.off('close', this.onClose);
    this.socket.pause();
  }

  private take(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    if (!this.upgraded) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.buffer.subarray(0, end).toString();
      if (!head.startsWith('HTTP/1.1 101')) {
        this.waiting?.reject(new Error(`Upgrade refused: ${head.split('\r\n')[0]}`));
        return;
      }
      this.upgraded = true;
      this.buffer = this.buffer.subarray(end + 4);
    }
    for (let frame = this.frame(); frame !== undefined; frame = this.frame()) {
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting) waiting.resolve(frame);
      else this.texts.push(frame);
    }
  }

  private frame(): string | undefined {
    if (this.buffer.length < 2) return undefined;
    let length = this.buffer[1] & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (this.buffer.length < 4) return undefined;
      length = this.buffer.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (this.buffer.length < 10) return undefined;
      length = Number(this.buffer.readBigUInt64BE(2));
      offset = 10;
    }
    if (this.buffer.length < offset + length) return undefined;
    const text = this.buffer.subarray(offset, offset + length).toString();
    this.buffer = this.buffer.subarray(offset + length);
    return text;
  }
}
