import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { OutboundFailed } from './outbound-failed';
import type { OutboundPolicy } from './outbound-policy';
import { sendOutbound, type OutboundRequest } from './send-outbound';

const HEAD = '<html><head><title>Hello</title></head>';
const MB = 1024 * 1024;
/** 64 MB of zeros as 64 gzip members of 1 MB each (a decoder reads them as one body): ~64 kB. */
const BOMB = Buffer.concat(Array<Buffer>(64).fill(gzipSync(Buffer.alloc(MB))));

/** Per path: what the server answers, and whether the client closed the connection early. */
interface Served {
  closedEarly: boolean;
  bytesWritten: number;
}

describe('sendOutbound reading documents: types, decoding, caps, early stop', () => {
  let origin: string;
  let policy: OutboundPolicy;
  const served = new Map<string, Served>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const record: Served = { closedEarly: false, bytesWritten: 0 };
    served.set(req.url ?? '', record);
    res.on('close', () => (record.closedEarly = !res.writableFinished));
    const html = { 'content-type': 'text/html; charset=utf-8' };
    const send = (body: Buffer, headers: Record<string, string> = {}) =>
      res.writeHead(200, { ...html, ...headers }).end(body);
    /** Writes `chunk` until the client goes away (or 64 MB, which a capped reader never needs). */
    const endless = (headers: Record<string, string>, first: string, chunk: Buffer) => {
      res.writeHead(200, { ...html, ...headers });
      res.write(first);
      const more = () => {
        while (!res.destroyed && record.bytesWritten < 64 * MB) {
          record.bytesWritten += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    };
    switch (req.url) {
      case '/gzip':
        return send(gzipSync(HEAD), { 'content-encoding': 'gzip' });
      case '/deflate':
        return send(deflateSync(HEAD), { 'content-encoding': 'deflate' });
      case '/br':
        return send(brotliCompressSync(HEAD), { 'content-encoding': 'br' });
      case '/zstd':
        return send(Buffer.from(HEAD), { 'content-encoding': 'zstd' });
      case '/double':
        return send(gzipSync(gzipSync(HEAD)), { 'content-encoding': 'gzip, gzip' });
      case '/corrupt':
        return send(Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' });
      case '/bomb':
        return send(BOMB, { 'content-encoding': 'gzip' });
      case '/long-page':
        return endless({}, HEAD, Buffer.alloc(64 * 1024, 'x'));
      case '/endless-head':
        return endless({}, '<html><head>', Buffer.alloc(64 * 1024, ' '));
      case '/image':
        return res.writeHead(200, { 'content-type': 'image/png' }).end('png');
      case '/moved':
        return res.writeHead(302, { location: '/gzip', ...html }).end('x'.repeat(4 * MB));
      default:
        return send(Buffer.from(HEAD));
    }
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    policy = { protocols: ['http:', 'https:'], allowPorts: [80, 443], testOrigins: [origin] };
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });

  const htmlOnly = (status: number, headers: IncomingMessage['headers']) =>
    status === 200 && String(headers['content-type']).startsWith('text/html')
      ? null
      : `${status} ${String(headers['content-type'])}`;

  const get = (path: string, extra: Partial<OutboundRequest> = {}) =>
    sendOutbound(
      {
        method: 'GET',
        url: `${origin}${path}`,
        timeoutMs: 3000,
        maxResponseBytes: MB,
        decompress: true,
        accept: htmlOnly,
        stopAfter: /<\/head\s*>/i,
        ...extra,
      },
      policy,
    );

  async function failureOf(path: string, extra: Partial<OutboundRequest> = {}): Promise<string> {
    try {
      await get(path, extra);
      return 'no failure';
    } catch (error) {
      if (error instanceof OutboundFailed) return error.reason;
      throw error;
    }
  }

  it.each(['/plain', '/gzip', '/deflate', '/br'])('reads and decodes %s', async (path) => {
    const response = await get(path);
    expect(response.body.toString()).toBe(HEAD);
  });

  it('refuses encodings it does not decode, and bodies that do not decode', async () => {
    expect(await failureOf('/zstd')).toBe('bad_encoding');
    expect(await failureOf('/double')).toBe('bad_encoding');
    expect(await failureOf('/corrupt')).toBe('bad_encoding');
  });

  it('stops decoding a gzip bomb at the cap, counting decoded bytes', async () => {
    expect(BOMB.length).toBeLessThan(MB);
    const before = process.memoryUsage().arrayBuffers;
    expect(await failureOf('/bomb', { stopAfter: undefined })).toBe('response_too_large');
    // Nothing near the 64 MB the body would have become was ever held.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * MB);
  });

  it('turns down an unwanted type before reading its body, and closes the connection', async () => {
    expect(await failureOf('/image')).toBe('unwanted_answer');
  });

  it('stops reading a long document once the head is over, and closes the connection', async () => {
    const response = await get('/long-page');
    expect(response.body.toString('latin1').startsWith(HEAD)).toBe(true);
    expect(response.body.length).toBeLessThan(MB);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(served.get('/long-page')?.closedEarly).toBe(true);
  });

  it('fails on an endless head at the cap, having closed the connection', async () => {
    expect(await failureOf('/endless-head')).toBe('response_too_large');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const record = served.get('/endless-head');
    expect(record?.closedEarly).toBe(true);
    expect(record?.bytesWritten).toBeLessThan(16 * MB);
  });

  it('follows a redirect without reading its body, and asks accept only about the last answer', async () => {
    const response = await get('/moved', { followRedirects: 1 });
    expect(response.url).toBe(`${origin}/gzip`);
    expect(response.body.toString()).toBe(HEAD);
    expect(await failureOf('/moved', { followRedirects: 0 })).toBe('unwanted_answer');
  });

  it('asks for the encodings it decodes, and nothing when it does not decode', async () => {
    const seen: Array<string | undefined> = [];
    server.prependOnceListener('request', (req: IncomingMessage) =>
      seen.push(req.headers['accept-encoding']),
    );
    await get('/plain');
    server.prependOnceListener('request', (req: IncomingMessage) =>
      seen.push(req.headers['accept-encoding']),
    );
    await get('/plain', { decompress: false });
    expect(seen).toEqual(['gzip, deflate, br', undefined]);
  });
});
