import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundFailed } from './outbound-failed';
import type { OutboundPolicy } from './outbound-policy';
import { OutboundRefused } from './outbound-refused';
import { sendOutbound, type OutboundRequest } from './send-outbound';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A plain http server on 127.0.0.1 that records each request and answers with `handle`. */
async function localServer(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handle(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  };
  return { origin, seen, close };
}

type Local = Awaited<ReturnType<typeof localServer>>;

const request = (url: string, extra: Partial<OutboundRequest> = {}): OutboundRequest => ({
  method: 'POST',
  url,
  headers: { authorization: 'vapid t=x', 'content-type': 'text/plain' },
  body: Buffer.from('hello'),
  timeoutMs: 2000,
  maxResponseBytes: 1024,
  ...extra,
});

async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no failure';
  } catch (error) {
    if (error instanceof OutboundRefused || error instanceof OutboundFailed) {
      return `${error.name}:${error.reason}`;
    }
    throw error;
  }
}

describe('sendOutbound', () => {
  let target: Local;
  let redirector: Local;
  let stranger: Local;
  let policy: OutboundPolicy;
  let redirectTo = '';
  let redirectStatus = 302;

  beforeAll(async () => {
    target = await localServer((req, res) => {
      if (req.url === '/big') return res.end('x'.repeat(2048));
      if (req.url === '/chunked-big') {
        res.write('x'.repeat(800));
        return res.end('x'.repeat(800));
      }
      if (req.url === '/silent') return;
      if (req.url === '/slow-body') return res.writeHead(200).write('partial');
      res.writeHead(201, { 'x-seen': req.url ?? '' }).end('created');
    });
    redirector = await localServer((_req, res) =>
      res.writeHead(redirectStatus, { location: redirectTo }).end(),
    );
    stranger = await localServer((_req, res) => res.end('should never be reached'));
    policy = { allowHosts: ['push.example'], testOrigins: [target.origin, redirector.origin] };
  });
  afterAll(() => Promise.all([target.close(), redirector.close(), stranger.close()]));
  beforeEach(() => {
    for (const server of [target, redirector, stranger]) server.seen.length = 0;
    redirectStatus = 302;
  });

  it('sends the method, headers and body to a test origin and returns the whole answer', async () => {
    const response = await sendOutbound(request(`${target.origin}/push/1`), policy);
    expect(response.status).toBe(201);
    expect(response.headers['x-seen']).toBe('/push/1');
    expect(response.body.toString()).toBe('created');
    expect(target.seen).toEqual([
      expect.objectContaining({ method: 'POST', url: '/push/1', body: 'hello' }),
    ]);
    expect(target.seen[0].headers).toMatchObject({
      authorization: 'vapid t=x',
      'content-length': '5',
    });
  });

  it('allows a test origin only exactly: another port on 127.0.0.1 is refused', async () => {
    expect(await failureOf(sendOutbound(request(`${stranger.origin}/`), policy))).toBe(
      'OutboundRefused:not_https',
    );
    expect(stranger.seen).toEqual([]);
  });

  it('refuses http, credentials and hosts off the allow list before connecting', async () => {
    expect(await failureOf(sendOutbound(request('http://push.example/'), policy))).toBe(
      'OutboundRefused:not_https',
    );
    expect(await failureOf(sendOutbound(request('https://a:b@push.example/'), policy))).toBe(
      'OutboundRefused:credentials_in_url',
    );
    expect(await failureOf(sendOutbound(request('https://evil.example/'), policy))).toBe(
      'OutboundRefused:host_not_allowed',
    );
  });

  it('refuses a host name that resolves to loopback, with the system resolver', async () => {
    const port = Number(new URL(stranger.origin).port);
    const open = { testOrigins: [], allowPorts: [port] };
    const sent = sendOutbound(request(`https://localhost:${port}/`), open);
    expect(await failureOf(sent)).toBe('OutboundRefused:private_address');
    expect(stranger.seen).toEqual([]);
  });

  it('refuses a host name that resolves to a private address, with an injected resolver', async () => {
    const resolveHost = () => Promise.resolve([{ address: '169.254.169.254', family: 4 }]);
    const sent = sendOutbound(request('https://push.example/'), policy, { resolveHost });
    expect(await failureOf(sent)).toBe('OutboundRefused:private_address');
  });

  it('returns a redirect as it is by default', async () => {
    redirectTo = `${target.origin}/moved`;
    const response = await sendOutbound(request(`${redirector.origin}/`), policy);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(redirectTo);
    expect(target.seen).toEqual([]);
  });

  it('follows redirects when asked, keeping a POST on 307 and dropping credentials across origins', async () => {
    redirectStatus = 307;
    redirectTo = `${target.origin}/moved`;
    const response = await sendOutbound(
      request(`${redirector.origin}/`, { followRedirects: 1 }),
      policy,
    );
    expect(response.status).toBe(201);
    expect(response.url).toBe(redirectTo);
    expect(target.seen).toEqual([expect.objectContaining({ method: 'POST', body: 'hello' })]);
    expect(target.seen[0].headers.authorization).toBeUndefined();
  });

  it('turns a POST into a GET without body on 303', async () => {
    redirectStatus = 303;
    redirectTo = '/again';
    redirector.seen.length = 0;
    const response = await sendOutbound(
      request(`${redirector.origin}/`, { followRedirects: 1 }),
      policy,
    );
    expect(response.status).toBe(303);
    expect(redirector.seen.map(({ method, body }) => [method, body])).toEqual([
      ['POST', 'hello'],
      ['GET', ''],
    ]);
    expect(redirector.seen[1].headers['content-type']).toBeUndefined();
  });

  it.each([
    ['https://127.0.0.1/', 'OutboundRefused:private_address'],
    ['https://[::ffff:7f00:1]/', 'OutboundRefused:private_address'],
    ['https://10.0.0.1/', 'OutboundRefused:private_address'],
    ['https://169.254.169.254/latest/meta-data/', 'OutboundRefused:private_address'],
    ['https://evil.example/', 'OutboundRefused:host_not_allowed'],
    ['file:///etc/passwd', 'OutboundRefused:not_https'],
  ])('checks every redirect again: from a test origin to %s is refused', async (location, why) => {
    redirectTo = location;
    const sent = sendOutbound(request(`${redirector.origin}/`, { followRedirects: 3 }), policy);
    expect(await failureOf(sent)).toBe(why);
  });

  it('refuses a redirect to another port of the test address and never calls it', async () => {
    redirectTo = `${stranger.origin}/`;
    const sent = sendOutbound(request(`${redirector.origin}/`, { followRedirects: 3 }), policy);
    expect(await failureOf(sent)).toBe('OutboundRefused:not_https');
    expect(stranger.seen).toEqual([]);
  });

  it('refuses a redirect to an allowed name that resolves to loopback', async () => {
    redirectTo = 'https://push.example/';
    const resolveHost = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
    const options = { followRedirects: 3 };
    const sent = sendOutbound(request(`${redirector.origin}/`, options), policy, { resolveHost });
    expect(await failureOf(sent)).toBe('OutboundRefused:private_address');
  });

  it('fails with timeout when no answer comes, or the answer never ends', async () => {
    for (const path of ['/silent', '/slow-body']) {
      const started = Date.now();
      const sent = sendOutbound(request(`${target.origin}${path}`, { timeoutMs: 200 }), policy);
      expect(await failureOf(sent)).toBe('OutboundFailed:timeout');
      expect(Date.now() - started).toBeLessThan(1500);
    }
  });

  it('cuts off an answer over the cap, announced or streamed', async () => {
    for (const path of ['/big', '/chunked-big']) {
      const sent = sendOutbound(
        request(`${target.origin}${path}`, { maxResponseBytes: 1000 }),
        policy,
      );
      expect(await failureOf(sent)).toBe('OutboundFailed:response_too_large');
    }
    const atCap = await sendOutbound(
      request(`${target.origin}/big`, { maxResponseBytes: 2048 }),
      policy,
    );
    expect(atCap.body.length).toBe(2048);
  });

  it('fails with network when nothing listens', async () => {
    const closed = await localServer(() => undefined);
    await closed.close();
    const sent = sendOutbound(request(`${closed.origin}/`), { testOrigins: [closed.origin] });
    expect(await failureOf(sent)).toBe('OutboundFailed:network');
  });
});
