import { isIP } from 'node:net';
import { OutboundRefused } from './outbound-refused';
import { isTestOrigin, type OutboundPolicy } from './outbound-policy';
import { isPublicAddress } from './public-address';

/**
 * Parses a URL a client gave us and checks it may be called under the policy, before any
 * connection: an allowed scheme (https only, unless the policy also allows http), no user name
 * or password, an allowed host and port, and an IP literal
 * only when it is public. Node does not look up an IP literal, so the address check on names
 * (at DNS time, see `sendOutbound`) never sees one: this is where literals are judged. The WHATWG
 * URL parser has already turned every numeric spelling (`2130706433`, `0x7f.1`, `0177.0.0.1`,
 * `[::ffff:7f00:1]`) into its canonical form, so one check covers them all.
 */
export function checkOutboundUrl(url: string, policy: OutboundPolicy): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OutboundRefused('bad_url', 'not an absolute URL');
  }
  // Credentials in a URL would be sent to the host; no caller has a reason to put them there.
  if (parsed.username || parsed.password) throw new OutboundRefused('credentials_in_url');
  if (isTestOrigin(parsed, policy)) return parsed;
  const protocols: readonly string[] = policy.protocols ?? ['https:'];
  if (!protocols.includes(parsed.protocol)) {
    // An https-only policy says so; one that allows http too refuses the other schemes by name.
    const reason = protocols.includes('http:') ? 'bad_scheme' : 'not_https';
    throw new OutboundRefused(reason, parsed.protocol);
  }

  const host = hostOf(parsed);
  if (isIP(host) !== 0 && !isPublicAddress(host)) {
    throw new OutboundRefused('private_address', host);
  }
  if (policy.allowHosts && !policy.allowHosts.some((pattern) => hostMatches(host, pattern))) {
    throw new OutboundRefused('host_not_allowed', host);
  }
  const port = parsed.port === '' ? (parsed.protocol === 'http:' ? 80 : 443) : Number(parsed.port);
  if (!(policy.allowPorts ?? [443]).includes(port))
    throw new OutboundRefused('bad_port', `${port}`);
  return parsed;
}

/**
 * The host as it is looked up: without an IPv6 literal's brackets and without the one trailing
 * dot of a fully qualified name (`fcm.googleapis.com.` is the same host as without it).
 */
function hostOf(url: URL): string {
  const host = url.hostname;
  if (host.startsWith('[') && host.endsWith(']')) return host.slice(1, -1);
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

function hostMatches(host: string, pattern: string): boolean {
  const wanted = pattern.toLowerCase();
  if (wanted.startsWith('*.')) return host.endsWith(wanted.slice(1));
  return host === wanted;
}
