import type { LookupAddress } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { guardedLookup, guardPeer } from './address-guards';
import { OutboundRefused } from './outbound-refused';

const answers =
  (...addresses: LookupAddress[]) =>
  () =>
    Promise.resolve(addresses);

/** What the lookup hands to the socket: an error, or the addresses it would connect to. */
function lookUp(resolve: () => Promise<LookupAddress[]>, all: boolean): Promise<unknown> {
  return new Promise((done) =>
    guardedLookup(resolve)('push.example', { all }, (error, address, family) =>
      done(error ?? { address, family }),
    ),
  );
}

describe('guardedLookup', () => {
  it('connects to the first address when every address is public', async () => {
    const resolve = answers(
      { address: '8.8.8.8', family: 4 },
      { address: '2606:4700::1', family: 6 },
    );
    expect(await lookUp(resolve, false)).toEqual({ address: '8.8.8.8', family: 4 });
    expect(await lookUp(resolve, true)).toEqual({
      address: [{ address: '8.8.8.8', family: 4 }],
      family: undefined,
    });
  });

  it.each([
    [[{ address: '127.0.0.1', family: 4 }]],
    [[{ address: '::1', family: 6 }]],
    [[{ address: '::ffff:169.254.169.254', family: 6 }]],
    // A mix is refused whole: the next try could connect to the inside one (DNS rebinding).
    [
      [
        { address: '8.8.8.8', family: 4 },
        { address: '10.0.0.1', family: 4 },
      ],
    ],
    [
      [
        { address: '2606:4700::1', family: 6 },
        { address: 'fd00:ec2::254', family: 6 },
      ],
    ],
  ])('refuses when any address is not public: %j', async (addresses) => {
    for (const all of [false, true]) {
      const result = await lookUp(answers(...addresses), all);
      expect(result).toBeInstanceOf(OutboundRefused);
      expect((result as OutboundRefused).reason).toBe('private_address');
    }
  });

  it('fails when the name has no address', async () => {
    expect(await lookUp(answers(), false)).toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('guardPeer', () => {
  let server: Server;
  let port: number;
  let bytesReceived = 0;

  beforeAll(async () => {
    server = createServer((socket) =>
      socket.on('data', (chunk) => (bytesReceived += chunk.length)),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (bytesReceived = 0));

  // The lookup is bypassed here (an IP literal), so only the connect-time check stands between
  // the request and the loopback server: it must refuse before a single byte goes out.
  it.each([
    ['http', http],
    ['https', https],
  ])(
    'destroys a %s socket that reached a non-public address before anything is sent',
    async (_, client) => {
      const error = await new Promise<Error>((resolve) => {
        const req = client.request({ host: '127.0.0.1', port, method: 'POST', agent: false });
        req.on('socket', guardPeer);
        req.on('error', resolve);
        req.end('secret body');
      });
      expect(error).toBeInstanceOf(OutboundRefused);
      expect((error as OutboundRefused).reason).toBe('private_address');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(bytesReceived).toBe(0);
    },
  );
});
