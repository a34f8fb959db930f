import { lookup as systemLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction, Socket } from 'node:net';
import { OutboundRefused } from './outbound-refused';
import { isPublicAddress } from './public-address';

/** Resolves a host name to all its addresses; the system resolver unless a test gives its own. */
export type ResolveHost = (hostname: string) => Promise<readonly LookupAddress[]>;

export const resolveWithSystem: ResolveHost = (hostname) =>
  new Promise((resolve, reject) =>
    systemLookup(hostname, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/**
 * The `lookup` a request connects through: it resolves the name and refuses unless every address
 * is public, then connects to the first one only. Refusing on any private address (rather than
 * skipping it) keeps a name that answers with a mix, or changes its answer between tries (DNS
 * rebinding), from ever reaching an inside address.
 */
export function guardedLookup(resolveHost: ResolveHost): LookupFunction {
  return (hostname, options, callback) => {
    resolveHost(hostname).then(
      (all) => {
        const family =
          options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
        const addresses =
          family === 4 || family === 6 ? all.filter((a) => a.family === family) : all;
        const inside = addresses.find(({ address }) => !isPublicAddress(address));
        if (inside) {
          callback(
            new OutboundRefused('private_address', `${hostname} resolves to ${inside.address}`),
            '',
          );
          return;
        }
        const [first] = addresses;
        if (!first) {
          callback(
            Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }),
            '',
          );
          return;
        }
        if (options.all) callback(null, [first]);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

/**
 * The second line: when the socket connects, the address it actually reached must be public, or
 * the socket is destroyed. The check is put before every other `connect` listener, so nothing
 * queued on the socket (the request, a TLS hello) is written to an address we refuse.
 */
export function guardPeer(socket: Socket): void {
  const check = () => {
    const peer = socket.remoteAddress;
    if (peer === undefined || !isPublicAddress(peer)) {
      socket.destroy(new OutboundRefused('private_address', `connected to ${peer ?? 'unknown'}`));
    }
  };
  if (socket.connecting) socket.prependOnceListener('connect', check);
  else check();
}
