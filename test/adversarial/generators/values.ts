import { randomUUID } from 'node:crypto';
import type { Rng } from '../harness/prng';

/** What the generators know of the app's data, so that some ids in a case are real ones. */
export interface World {
  userIds: string[];
  chatIds: string[];
  mediaIds: string[];
  /** Seqs that exist in the chats above. */
  seqs: number[];
  emails: string[];
  /** Push subscriptions of the signed-in person, when the app may send to a local push service. */
  push?: PushWorld;
}

/** Web Push subscriptions registered for real, at the local push service PUSH_TEST_ORIGINS names. */
export interface PushWorld {
  /** The local push service's origin: the one endpoint origin accepted besides real push services. */
  origin: string;
  subscriptionIds: string[];
  endpoints: string[];
  /** Their auth secrets (base64url, 16 bytes): what proves a renewal. */
  auths: string[];
  /** Browsers' public keys (uncompressed P-256 points, base64url): valid for a new subscription. */
  p256dhs: string[];
}

/** JSON text written as is: values JSON.stringify cannot produce (NaN, 1e999999, `__proto__` keys). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON.stringify, except that RawJson nodes are spliced in verbatim. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (!(v instanceof RawJson)) return v;
    raws.push(v.text);
    return `\u0001raw${raws.length - 1}\u0001`;
  });
  if (text === undefined) return 'null';
  if (raws.length === 0) return text;
  return text.replace(/"\\u0001raw(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]);
}

export const UNICODE_EDGES = [
  '\ud800', // lone high surrogate
  '\udfff', // lone low surrogate
  'ab\ud800cd',
  '\udc00\ud800', // reversed pair
  '\u0000', // NUL: PostgreSQL text cannot hold it
  'a\u0000b',
  '\u202eevil\u202c', // right-to-left override
  '\u200f\u200e\u061c', // RTL/LTR marks
  '👩‍👩‍👧‍👦', // emoji ZWJ sequence
  '🏳️‍🌈',
  'e\u0301\u0301\u0301\u0301', // stacked combining marks
  '\ufeff', // byte order mark
  '\uffff\ufffe', // noncharacters
  '\u2028\u2029', // JS line separators
  '\r\n\t\u000b\u000c',
  '\u0085\u00a0\u3000',
  'İıßﬀ',
  '𝕬𝖉𝖆',
  '%00',
  '%ED%A0%80',
];

export const INJECTIONS = [
  "' OR '1'='1",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  '$where',
  'null',
  '[object Object]',
  '\\',
  '"',
  ' ',
  '',
];

export const EXTREME_DATES = [
  '+275760-09-13T00:00:00.000Z',
  '+275760-09-13T00:00:00.001Z',
  '0000-01-01T00:00:00.000Z',
  '-000001-01-01T00:00:00.000Z',
  '1969-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '2024-02-30T00:00:00.000Z',
  '2026-11-21T09:30:00.000+01:00',
  '2026-11-21',
  'not a date',
];

export const OPERATORS: unknown[] = [
  { $gt: '' },
  { $ne: null },
  { $where: 'sleep(1000)' },
  { $regex: '.*' },
  { $in: [] },
  { $exists: true },
  new RawJson('{"__proto__":{"isAdmin":true}}'),
  { constructor: { prototype: { isAdmin: true } } },
];

/** A string of about `bytes` UTF-8 bytes, of ASCII, multi-byte text or combining marks. */
export function hugeString(rng: Rng, bytes: number): string {
  const unit = rng.pick(['x', 'é', '👩‍👩‍👧‍👦', 'e\u0301', '\u202e', ' ']);
  return unit.repeat(Math.max(1, Math.floor(bytes / Buffer.byteLength(unit))));
}

/** `depth` levels of arrays or objects, as a value (what JSON.parse would build). */
export function deeplyNested(rng: Rng, depth: number): unknown {
  const asArrays = rng.chance(0.5);
  const leaf = rng.pick([1, 'x', null]);
  const key = `${depth}:${asArrays}:${leaf}`;
  // Built once per shape: cases only read them (mutations copy the top level), and thousands of
  // 2,000-level values would cost the client the CPU the app under test needs.
  let value = nested.get(key);
  if (value === undefined) {
    value = leaf;
    for (let i = 0; i < depth; i += 1) value = asArrays ? [value] : { a: value };
    nested.set(key, value);
  }
  return value;
}

const nested = new Map<string, unknown>();

export function hostileNumber(rng: Rng): unknown {
  return rng.pick<unknown>([
    0,
    -0,
    -1,
    1.5,
    2 ** 31,
    2 ** 53 + 1,
    -(2 ** 63),
    1e308,
    Number.MIN_VALUE,
    new RawJson('NaN'),
    new RawJson('-Infinity'),
    new RawJson(`1${'0'.repeat(400)}`),
    new RawJson('1e999999'),
    new RawJson('-1e-400'),
    new RawJson('0x10'),
    new RawJson('01'),
    '1',
    ' 1 ',
    '1e3',
    'NaN',
  ]);
}

const hex = (rng: Rng, n: number) =>
  Array.from({ length: n }, () => '0123456789abcdef'[rng.int(0, 15)]).join('');

/** A UUID-ish string: real, random, nil, max, or malformed in one of many ways. */
export function uuidLike(rng: Rng, real: readonly string[]): string {
  const some = real.length > 0 ? rng.pick(real) : randomUUID();
  return rng.oneOf<string>([
    () => some,
    () => some,
    () => `${hex(rng, 8)}-${hex(rng, 4)}-7${hex(rng, 3)}-8${hex(rng, 3)}-${hex(rng, 12)}`,
    () => '00000000-0000-0000-0000-000000000000',
    () => 'ffffffff-ffff-ffff-ffff-ffffffffffff',
    () => some.toUpperCase(),
    () => `{${some}}`,
    () => some.slice(0, 35),
    () => `${some}0`,
    () => `${some}\u0000`,
    () => `${some}\n`,
    () => some.replace(/-/g, ''),
    () => 'not-a-uuid',
    () => rng.pick(UNICODE_EDGES),
  ]);
}

/** A page cursor: valid-looking base64url of wrong content, malformed base64, or plain garbage. */
export function hostileCursor(rng: Rng, world: World): string {
  const item = (): unknown =>
    rng.oneOf<unknown>([
      () => rng.pick(EXTREME_DATES),
      () => new Date(Date.now() - rng.int(0, 1e9)).toISOString(),
      () => uuidLike(rng, [...world.chatIds, ...world.userIds]),
      () => rng.pick(UNICODE_EDGES),
      () => rng.pick(INJECTIONS),
      () => rng.int(-5, 5),
      () => null,
      () => rng.pick(OPERATORS),
    ]);
  const encode = (text: string) => Buffer.from(text).toString('base64url');
  return rng.oneOf<string>([
    () => encode(toJsonText(Array.from({ length: rng.int(0, 3) }, item))),
    () => encode(toJsonText([rng.pick(EXTREME_DATES), rng.pick(world.chatIds)])),
    () => encode(toJsonText([new Date().toISOString(), uuidLike(rng, world.chatIds)])),
    () => encode(toJsonText({ updatedAt: rng.pick(EXTREME_DATES), id: rng.pick(world.chatIds) })),
    () => encode(toJsonText(deeplyNested(rng, 2000))),
    () => encode('not json'),
    () => Buffer.from(toJsonText(['a+/b', 'c'])).toString('base64'),
    () => rng.pick(['!!!', '%%%', '====', 'a', '\ud800', '%E0%A4%A', '']),
    () => encode(rng.pick(UNICODE_EDGES)),
    () => hugeString(rng, rng.int(1_000, 8_000)),
  ]);
}

/** Any hostile scalar or structure, for a field whatever its declared type. */
export function hostileValue(rng: Rng, world: World, depth = 0): unknown {
  return rng.oneOf<unknown>([
    () => rng.pick(UNICODE_EDGES),
    () => rng.pick(INJECTIONS),
    () => hostileNumber(rng),
    () => uuidLike(rng, [...world.chatIds, ...world.userIds, ...world.mediaIds]),
    () => rng.pick(OPERATORS),
    () => rng.pick<unknown>([null, true, false, [], {}]),
    () => rng.pick(EXTREME_DATES),
    () => hugeString(rng, rng.int(200, 20_000)),
    () => deeplyNested(rng, rng.pick([2, 40, 2000])),
    () => (depth < 2 ? [hostileValue(rng, world, depth + 1)] : 'x'),
    () => (depth < 2 ? { [rng.pick(INJECTIONS)]: hostileValue(rng, world, depth + 1) } : 0),
  ]);
}

/** `n` bytes of the case's own stream, so that a case replays byte for byte. */
export function seededBytes(rng: Rng, n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => rng.int(0, 255)));
}

/** The P-256 base point, uncompressed: a valid browser key that any world can name. */
const P256_BASE_POINT = Buffer.from(
  '046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5',
  'hex',
).toString('base64url');

/**
 * A push endpoint. Exact: one the app accepts (the local push service's origin, or a real push
 * service's https URL when there is none; the authorization matrix never gets past credentials with
 * it). Otherwise mostly one the app accepts or a registered one, so that whole subscriptions often
 * pass, else a spelling of an address the server must never call: server-side request forgery
 * through the endpoint the server later POSTs to. The push helpers below are biased the same way.
 */
export function pushEndpoint(rng: Rng, world: World, exact: boolean): string {
  const push = world.push;
  const fresh = push
    ? `${push.origin}/push/${seededBytes(rng, 16).toString('hex')}`
    : `https://fcm.googleapis.com/fcm/send/${seededBytes(rng, 24).toString('base64url')}`;
  if (exact) return fresh;
  if (rng.chance(0.6))
    return push && push.endpoints.length > 0 && rng.chance(0.5) ? rng.pick(push.endpoints) : fresh;
  const local = push ? new URL(push.origin) : undefined;
  return rng.oneOf<string>([
    () =>
      rng.pick([
        'http://fcm.googleapis.com/fcm/send/x',
        'https://fcm.googleapis.com:8443/fcm/send/x',
        'https://user:pw@fcm.googleapis.com/fcm/send/x',
        'https://fcm.googleapis.com@169.254.169.254/',
        'https://evil.example\\@fcm.googleapis.com/',
        'https://fcm.googleapis.com.evil.example/',
        'https://127.0.0.1/',
        'https://[::1]/',
        'https://[::ffff:127.0.0.1]/',
        'https://[::ffff:a9fe:a9fe]/',
        'https://[64:ff9b::7f00:1]/',
        'https://[fd00:ec2::254]/',
        'https://[fe80::1%25eth0]/',
        'https://2130706433/',
        'https://0x7f.1/',
        'https://0177.0.0.1/',
        'https://169.254.169.254/latest/meta-data/',
        'https://100.64.0.1/',
        'file:///etc/passwd',
        'gopher://127.0.0.1:6379/_INFO',
        'javascript:alert(1)',
        'data:text/plain,hi',
        '//fcm.googleapis.com/fcm/send/x',
        'https://',
        'https://%00/',
      ]),
    () =>
      local
        ? rng.pick([
            `http://localhost:${local.port}/push/x`,
            `https://${local.host}/push/x`,
            `http://127.0.0.1:${Number(local.port) + 1}/push/x`,
            `http://[::ffff:127.0.0.1]:${local.port}/push/x`,
            `${push?.origin}@evil.example/`,
            `${push?.origin}/push/${'x'.repeat(3_000)}`,
          ])
        : fresh,
  ]);
}

/** A subscription's auth secret: 16 bytes base64url, a registered one, or a near miss. */
export function pushSecret(rng: Rng, world: World, exact: boolean): string {
  const valid = seededBytes(rng, 16).toString('base64url');
  const real = world.push?.auths ?? [];
  if (exact || rng.chance(0.6)) return real.length > 0 && rng.chance(0.5) ? rng.pick(real) : valid;
  return rng.oneOf<string>([
    () => (real.length > 0 ? rng.pick(real).slice(0, -1) : valid.slice(1)),
    () => seededBytes(rng, rng.pick([0, 1, 15, 17, 32, 48])).toString('base64url'),
    () => seededBytes(rng, 16).toString('base64'),
    () => `${valid}==`,
    () => `${valid}\u0000`,
  ]);
}

/** A browser's P-256 public key: valid, or off the curve, compressed, truncated, of another type. */
export function pushPublicKey(rng: Rng, world: World, exact: boolean): string {
  const valid = rng.pick([...(world.push?.p256dhs ?? []), P256_BASE_POINT]);
  if (exact || rng.chance(0.6)) return valid;
  const point = (prefix: number, length: number) =>
    Buffer.concat([Buffer.from([prefix]), seededBytes(rng, length)]).toString('base64url');
  return rng.oneOf<string>([
    () => point(4, 64),
    () => point(2, 32),
    () => point(5, 64),
    () => Buffer.concat([Buffer.from([4]), Buffer.alloc(64)]).toString('base64url'),
    () => valid.slice(0, -4),
    () => `${valid}AAAA`,
    () => Buffer.from(valid, 'base64url').toString('base64'),
  ]);
}
