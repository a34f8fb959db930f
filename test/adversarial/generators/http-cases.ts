import type { OutgoingHttpHeaders } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { Operation, Parameter } from '../harness/openapi';
import type { Rng } from '../harness/prng';
import type { RawRequest } from '../harness/raw-http';
import { headerSafe, MALFORMED_PERCENT, percentEncode } from './encoding';
import { idsFor, mutate, sampleValid } from './schema-values';
import {
  hostileCursor,
  hostileValue,
  hugeString,
  OPERATORS,
  RawJson,
  toJsonText,
  UNICODE_EDGES,
  type World,
} from './values';

/** Credentials of the signed-in fuzz user, replaced when a case ends that session. */
export interface Credentials {
  accessToken: string;
  refreshToken: string;
}

export interface HttpCase {
  /** Route as documented: `POST /api/v1/chats/{id}/messages`. */
  target: string;
  documented: number[];
  request: RawRequest;
}

/** Bodies stay under the 100 kB JSON limit except in the few cases that test the limit itself. */
const BODY_BUDGET = 95_000;
const MAX_PATH = 6_000;

/** A real PNG: the upload route's one valid file, and the bytes its fake images start from. */
export interface ImageSamples {
  png: Buffer;
}

const asText = (value: unknown) => (typeof value === 'string' ? value : toJsonText(value));

function pathValue(rng: Rng, world: World, path: string, param: Parameter): string {
  // The collection before `{id}` (`chats`, `users`, `media`) says which real ids fit.
  const before = path.split(`{${param.name}}`)[0].split('/').filter(Boolean).pop() ?? '';
  const name = param.name === 'id' ? before : param.name;
  if (rng.chance(0.6)) {
    const value = sampleValid(rng, world, param.schema ?? {}, name);
    const ids = idsFor(name, world);
    return percentEncode(
      String(/seq/i.test(name) ? value : rng.chance(0.7) ? rng.pick(ids) : value),
    );
  }
  return rng.oneOf<string>([
    () => rng.pick(MALFORMED_PERCENT),
    () => percentEncode(asText(hostileValue(rng, world))).slice(0, 3_000),
    () => percentEncode(rng.pick(UNICODE_EDGES)),
    () =>
      rng.pick([
        '..',
        '.',
        '%2e%2e',
        '%2F',
        'a%2Fb',
        '%5C',
        '*',
        '~',
        '-1',
        '0',
        '9007199254740993',
      ]),
  ]);
}

function queryPairs(rng: Rng, world: World, param: Parameter): string[] {
  const key = percentEncode(param.name);
  const hostile = (): string[] =>
    rng.oneOf<string[]>([
      () => [`${key}=${percentEncode(toJsonText(hostileValue(rng, world))).slice(0, 3_000)}`],
      () => [`${key}=a`, `${key}=b`],
      () => [`${key}[$ne]=x`],
      () => [`${key}[]=1`],
      () => [`${key}=${rng.pick(MALFORMED_PERCENT)}`],
      () => [`${key}=${percentEncode(hugeString(rng, rng.int(200, 1_000)))}`],
      () => [`${key}`],
      () => [
        `${key}=${rng.pick(['NaN', '-1', '0', '1e999', '1.5', '9007199254740993', '0x10', '', '%20'])}`,
      ],
    ]);
  if (/cursor/i.test(param.name) && rng.chance(0.7))
    return [`${key}=${percentEncode(hostileCursor(rng, world)).slice(0, 3_000)}`];
  if (rng.chance(0.5)) {
    const value = sampleValid(rng, world, param.schema ?? {}, param.name);
    return [`${key}=${percentEncode(String(value))}`];
  }
  return hostile();
}

function credentialHeaders(rng: Rng, signedIn: Credentials | undefined): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  const garbage = () =>
    headerSafe(
      rng.pick([
        'Bearer',
        'Bearer ',
        'Bearer null',
        'Basic YWRtaW46YWRtaW4=',
        'Bearer a.b.c',
        'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
        `Bearer ${'x'.repeat(2_000)}`,
        `Bearer ${rng.pick(UNICODE_EDGES)}`,
        'bearer \u00e9\u00ff',
      ]),
    );
  const cookieValue = () =>
    rng.oneOf<string>([
      () => rng.pick(MALFORMED_PERCENT),
      () => 'j:{"$gt":""}',
      () => 'j:[1,2]',
      () => percentEncode(rng.pick(UNICODE_EDGES)),
      () => 'a'.repeat(rng.int(100, 2_000)),
      () => (signedIn ? signedIn.accessToken : 'x.y.z'),
    ]);
  if (signedIn) {
    if (rng.chance(0.75)) headers.authorization = `Bearer ${signedIn.accessToken}`;
    else
      headers.cookie = `access_token=${signedIn.accessToken}; refresh_token=${signedIn.refreshToken}`;
  }
  if (rng.chance(0.15)) headers.authorization = garbage();
  if (rng.chance(0.15))
    headers.cookie = `access_token=${cookieValue()}; refresh_token=${cookieValue()}`;
  if (rng.chance(0.05))
    headers['x-request-id'] = headerSafe(rng.pick([...UNICODE_EDGES, 'x'.repeat(1_000)]));
  if (rng.chance(0.05)) headers.origin = rng.pick(['null', 'http://evil.example', 'file://']);
  return headers;
}

function multipartBody(rng: Rng, images: ImageSamples): { body: Buffer; contentType: string } {
  const boundary = `----fuzz${rng.int(0, 1e9)}`;
  const png = images.png;
  const bytes = rng.oneOf<Buffer>([
    () => png,
    () => Buffer.concat([png.subarray(0, 16), Buffer.alloc(rng.int(0, 4_000), rng.int(0, 255))]),
    () => Buffer.from(Array.from({ length: rng.int(0, 3_000) }, () => rng.int(0, 255))),
    () => Buffer.alloc(0),
    () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    () => Buffer.from('GIF89a'),
    () => png.subarray(0, Math.floor(png.length / 2)),
  ]);
  const field = rng.chance(0.85) ? 'file' : rng.pick(['files', 'image', '']);
  const filename = rng.pick([
    'photo.png',
    'a.jpg',
    '../../x.png',
    '\u202egnp.exe',
    'x'.repeat(300),
    '',
  ]);
  const type = rng.pick([
    'image/png',
    'image/jpeg',
    'image/gif',
    'image/webp',
    'image/svg+xml',
    'text/plain',
    '',
  ]);
  const part = (name: string) =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\n` +
          (type ? `Content-Type: ${type}\r\n` : '') +
          '\r\n',
      ),
      bytes,
      Buffer.from('\r\n'),
    ]);
  const parts = rng.chance(0.1) ? [part(field), part(field)] : [part(field)];
  const end = rng.chance(0.9) ? `--${boundary}--\r\n` : '';
  const contentType = rng.chance(0.9)
    ? `multipart/form-data; boundary=${boundary}`
    : 'multipart/form-data';
  return { body: Buffer.concat([...parts, Buffer.from(end)]), contentType };
}

function jsonBody(
  rng: Rng,
  world: World,
  op: Operation,
): { body: Buffer | string; contentType: string; gzip?: boolean } {
  const schema = op.body?.schema ?? { type: 'object' };
  let text = toJsonText(mutate(rng, world, schema, sampleValid(rng, world, schema, 'body')));
  if (Buffer.byteLength(text) > BODY_BUDGET && !rng.chance(0.1))
    text = toJsonText(rng.pick(OPERATORS));
  return rng.oneOf<{ body: Buffer | string; contentType: string; gzip?: boolean }>([
    () => ({ body: text, contentType: 'application/json' }),
    () => ({ body: text, contentType: 'application/json' }),
    () => ({ body: text, contentType: 'application/json' }),
    () => ({ body: text.slice(0, rng.int(0, text.length)), contentType: 'application/json' }),
    () => ({
      body: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
      contentType: 'application/json',
    }),
    () => ({
      body: text,
      contentType: rng.pick([
        'application/json; charset=utf-16',
        'application/json; charset=latin1',
        'text/plain',
        'application/xml',
      ]),
    }),
    () => ({
      body: `email[$gt]=&name[]=a&${percentEncode(rng.pick(UNICODE_EDGES))}=1`,
      contentType: 'application/x-www-form-urlencoded',
    }),
    () => ({ body: text, contentType: 'application/json', gzip: true }),
    () => ({
      body: Buffer.from(rng.pick(['\u0000\u0001garbage', 'x'.repeat(10)])),
      contentType: 'application/json',
      gzip: true,
    }),
    () => ({
      body: `[${'['.repeat(20_000)}${']'.repeat(20_000)}]`,
      contentType: 'application/json',
    }),
    () => ({
      body: toJsonText(new RawJson(`{"a":${'1'.repeat(5_000)}}`)),
      contentType: 'application/json',
    }),
  ]);
}

/** One request to `op`: path, query, credentials and body generated, then mutated. */
export function httpCase(
  rng: Rng,
  world: World,
  op: Operation,
  signedIn: Credentials | undefined,
  images: ImageSamples,
): HttpCase {
  let path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const param = op.parameters.find((p) => p.in === 'path' && p.name === name) ?? {
      name,
      in: 'path' as const,
    };
    return pathValue(rng, world, op.path, param);
  });
  const pairs = op.parameters
    .filter((p) => p.in === 'query' && (p.required || rng.chance(0.6)))
    .flatMap((p) => queryPairs(rng, world, p));
  if (rng.chance(0.1))
    pairs.push(
      `${percentEncode(rng.pick(['unknown', '__proto__', '$where', 'constructor[prototype]']))}=1`,
    );
  if (pairs.length > 0) path += `?${pairs.join('&')}`;
  // Under Node's 16 KiB header limit with every header: past it Node answers 431 before the app.
  path = path.slice(0, MAX_PATH);
  const headers = credentialHeaders(rng, signedIn);
  let body: Buffer | string | undefined;
  if (op.body?.contentType === 'multipart/form-data') {
    const multipart = multipartBody(rng, images);
    body = multipart.body;
    headers['content-type'] = multipart.contentType;
  } else if (op.body || rng.chance(0.1)) {
    const json = jsonBody(rng, world, op);
    body = json.gzip ? gzipSync(json.body) : json.body;
    headers['content-type'] = json.contentType;
    if (json.gzip) headers['content-encoding'] = 'gzip';
  }
  return {
    target: `${op.method} ${op.path}`,
    documented: op.documentedStatuses,
    request: { method: op.method, path, headers, body },
  };
}
