import type { OutgoingHttpHeaders } from 'node:http';
import type { Rng } from '../harness/prng';
import { headerSafe, MALFORMED_PERCENT, percentEncode } from './encoding';
import { CLIENT_EVENT_NAMES } from './socket-cases';
import {
  deeplyNested,
  hostileValue,
  hugeString,
  OPERATORS,
  toJsonText,
  UNICODE_EDGES,
  type World,
} from './values';

/** Stands for the signed-in user's access token, filled in when the case runs. */
export const TOKEN = '@@ACCESS_TOKEN@@';

/**
 * A raw Engine.IO v4 long-polling exchange: open with `GET /socket.io/?EIO=4&transport=polling`,
 * POST packets (`40{auth}` is Socket.IO's CONNECT), GET the answer. Raw, because socket.io-client
 * only ever sends well-formed packets. Each case attacks one thing, so that a case which crashes
 * the app names that thing as its target.
 */
export interface HandshakeCase {
  target: string;
  /** Query of the opening GET. */
  openQuery: string;
  /** Headers of the opening GET: Socket.IO reads the handshake's cookies from it. */
  openHeaders: OutgoingHttpHeaders;
  /** A sid to use instead of the one the server gave (garbage sids). */
  sid?: string;
  /** Bodies POSTed in order (several packets are joined by \x1e). */
  posts: string[];
}

const OPEN = '?EIO=4&transport=polling';

function hostileAuth(rng: Rng, world: World): string {
  return rng.oneOf<string>([
    () => toJsonText({ token: hostileValue(rng, world) }),
    () => toJsonText({ token: rng.pick(OPERATORS) }),
    () =>
      toJsonText({
        token: rng.pick(['a.b.c', 'Bearer x', '', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.']),
      }),
    () => toJsonText({ token: `${TOKEN}${rng.pick(UNICODE_EDGES)}` }),
    () => toJsonText(hostileValue(rng, world)),
    () => rng.pick(['{', '{"token":', '"x"', '[1]', 'null', '1', '{}}', '\u0000']),
    () => toJsonText({ token: deeplyNested(rng, 2000) }),
    () => toJsonText({ token: hugeString(rng, 50_000) }),
  ]);
}

function garbagePacket(rng: Rng, world: World): string {
  const event = rng.pick(CLIENT_EVENT_NAMES);
  return rng.oneOf<string>([
    () =>
      rng.pick([
        '',
        '4',
        '9',
        '6',
        '2probe',
        '3',
        '41',
        '43',
        '44',
        '45',
        '46',
        '4x',
        '\u0000',
        '\x1e\x1e',
      ]),
    () => `42["${event}"`,
    () => `42[${toJsonText(hostileValue(rng, world))}]`,
    () => `45-["${event}",{"_placeholder":true,"num":99}]`,
    () => `451-["${event}",{"_placeholder":true,"num":0}]`,
    () => `b${Buffer.from(hugeString(rng, 2_000)).toString('base64')}`,
    () => `40\x1e42["${event}",{}]\x1e${rng.pick(UNICODE_EDGES)}`,
    () => `4${'['.repeat(3_000)}`,
    () => hugeString(rng, 70_000),
  ]);
}

/** After a real CONNECT: events with hostile ack ids, namespaces and payloads. */
function signedInEvents(rng: Rng, world: World): string[] {
  const event = rng.pick(CLIENT_EVENT_NAMES);
  const payload = toJsonText(hostileValue(rng, world));
  return [
    `40${toJsonText({ token: TOKEN })}`,
    rng.oneOf<string>([
      () =>
        `42${rng.pick(['99999999999999999999', '-1', '1.5', '0x1', ''])}["${event}",${payload}]`,
      () => `421["${event}",${payload},${payload}]`,
      () => `42/nope,1["${event}",${payload}]`,
      () => `421[${payload}]`,
      () => `421["${event}"]`,
      () => `421[]`,
    ]),
  ];
}

export function handshakeCase(rng: Rng, world: World): HandshakeCase {
  const attack = rng.pick([
    'cookie',
    'auth',
    'namespace',
    'packet',
    'sid',
    'query',
    'events',
    'origin',
  ]);
  const base: HandshakeCase = {
    target: `engine.io ${attack}`,
    openQuery: OPEN,
    openHeaders: {},
    posts: ['40'],
  };
  switch (attack) {
    case 'cookie': {
      const value = rng.oneOf<string>([
        () => rng.pick(MALFORMED_PERCENT),
        () => `${TOKEN}${rng.pick(MALFORMED_PERCENT)}`,
        () => 'j:{"$gt":""}',
        () => percentEncode(rng.pick(UNICODE_EDGES)),
        () => 'x'.repeat(rng.int(100, 6_000)), // under Node's 16 KiB header limit
        () => '',
      ]);
      const cookie = rng.pick([
        `access_token=${value}`,
        `a=1; access_token=${value}; access_token=x`,
        `access_token==${value}`,
        value,
      ]);
      return { ...base, openHeaders: { cookie } };
    }
    case 'auth':
      return { ...base, posts: [`40${hostileAuth(rng, world)}`] };
    case 'namespace':
      return {
        ...base,
        posts: [
          `40${rng.pick(['/admin', '/', '/../', `/${rng.pick(UNICODE_EDGES)}`, `/${'x'.repeat(2_000)}`])},${toJsonText({ token: TOKEN })}`,
        ],
      };
    case 'packet':
      return { ...base, posts: [garbagePacket(rng, world)] };
    case 'sid':
      return {
        ...base,
        sid: rng.pick([
          ...MALFORMED_PERCENT,
          'x'.repeat(5_000),
          '../',
          '',
          percentEncode(rng.pick(UNICODE_EDGES)),
        ]),
      };
    case 'query':
      return {
        ...base,
        openQuery: rng.pick([
          '?EIO=3&transport=polling',
          '?EIO=999&transport=polling',
          '?EIO=4&transport=flashsocket',
          '?EIO=4&transport=websocket',
          '?EIO=4&transport=polling&b64=1',
          '?EIO[$gt]=&transport=polling',
          `?EIO=4&transport=polling&t=${rng.pick(MALFORMED_PERCENT)}`,
          `?EIO=${rng.pick(MALFORMED_PERCENT)}&transport=polling`,
          '?transport=polling',
          '',
        ]),
      };
    case 'events':
      return { ...base, posts: signedInEvents(rng, world) };
    default:
      return {
        ...base,
        openHeaders: {
          origin: headerSafe(
            rng.pick(['null', 'http://evil.example', 'file://', `http://${'a'.repeat(3_000)}`]),
          ),
          cookie: `access_token=${TOKEN}`,
        },
      };
  }
}
