import { isIP } from 'node:net';

/**
 * Whether an IP address is one the public internet routes to, so that the server may connect to it
 * on a client's behalf. Everything else (loopback, private networks, link-local with the cloud
 * metadata services, documentation, multicast, reserved) could reach something inside our own
 * network, which is what server-side request forgery aims at. Anything that is not a valid IP
 * address is answered "not public": the caller refuses rather than guesses.
 */
export function isPublicAddress(ip: string): boolean {
  const address = unwrap(ip);
  switch (isIP(address)) {
    case 4:
      return isPublicIpv4(ipv4ToNumber(address));
    case 6:
      return isPublicIpv6(ipv6ToBigInt(address));
    default:
      return false;
  }
}

/** `[::1]` as a URL writes it, and `fe80::1%eth0` with a zone id: the address alone. */
function unwrap(ip: string): string {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const zone = bare.indexOf('%');
  return zone === -1 ? bare : bare.slice(0, zone);
}

/** IPv4 ranges that are not public (IANA special-purpose registry), as `[first address, bits]`. */
const IPV4_NOT_PUBLIC: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, with the 169.254.169.254 metadata service
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, with 255.255.255.255 (broadcast)
];

const IPV4_RANGES = IPV4_NOT_PUBLIC.map(([first, bits]) => ({ first: ipv4ToNumber(first), bits }));

function isPublicIpv4(value: number): boolean {
  return !IPV4_RANGES.some(({ first, bits }) => value >>> (32 - bits) === first >>> (32 - bits));
}

/** A dotted IPv4 address (already validated by `isIP`) as an unsigned 32-bit number. */
function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

/** IPv6 prefixes that hold an IPv4 address, which is what the connection really goes to. */
const IPV6_EMBEDDING_IPV4: ReadonlyArray<{ prefix: bigint; bits: number; shift: bigint }> = [
  { prefix: 0xffffn << 32n, bits: 96, shift: 0n }, // ::ffff:0:0/96, IPv4-mapped
  { prefix: 0xffffn << 48n, bits: 96, shift: 0n }, // ::ffff:0:0:0/96, IPv4-translated (SIIT)
  { prefix: 0x64ff9bn << 96n, bits: 96, shift: 0n }, // 64:ff9b::/96, NAT64
  { prefix: 0x2002n << 112n, bits: 16, shift: 80n }, // 2002::/16, 6to4: the IPv4 follows 2002:
];

/** IPv6 ranges that are not public, inside global unicast 2000::/3, as `[prefix, bits]`. */
const IPV6_NOT_PUBLIC: ReadonlyArray<readonly [string, number]> = [
  ['2001::', 23], // IETF protocol assignments, with Teredo 2001::/32
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation (RFC 9637)
];

const IPV6_RANGES = IPV6_NOT_PUBLIC.map(([prefix, bits]) => ({
  prefix: ipv6ToBigInt(prefix),
  bits,
}));

function isPublicIpv6(value: bigint): boolean {
  for (const { prefix, bits, shift } of IPV6_EMBEDDING_IPV4) {
    if (hasPrefix(value, prefix, bits)) return isPublicIpv4(Number((value >> shift) & 0xffffffffn));
  }
  // Only global unicast (2000::/3) is routed on the internet. Outside it are ::, ::1, the
  // deprecated IPv4-compatible ::/96, 100::/64 (discard), fc00::/7 (unique local, with AWS's
  // fd00:ec2::254 metadata service), fe80::/10 (link-local), fec0::/10 (site-local), ff00::/8
  // (multicast) and space nobody has been given yet: all refused by this one test.
  if (!hasPrefix(value, 0x2000n << 112n, 3)) return false;
  return !IPV6_RANGES.some(({ prefix, bits }) => hasPrefix(value, prefix, bits));
}

function hasPrefix(value: bigint, prefix: bigint, bits: number): boolean {
  const shift = BigInt(128 - bits);
  return value >> shift === prefix >> shift;
}

/** An IPv6 address (already validated by `isIP`, no zone id) as a 128-bit number. */
function ipv6ToBigInt(address: string): bigint {
  let text = address;
  // A trailing dotted IPv4 part (`::ffff:127.0.0.1`) is two 16-bit groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4ToNumber(dotted[1]);
    text = `${text.slice(0, dotted.index)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [
    ...headGroups,
    ...Array<string>(tail === undefined ? 0 : missing).fill('0'),
    ...tailGroups,
  ];
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}
