import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const PUSH_URGENCIES = ['very-low', 'low', 'normal', 'high'] as const;
export type PushUrgency = (typeof PUSH_URGENCIES)[number];

/** What a push service reads from a push request's headers before it accepts the message. */
export interface AcceptedPushHeaders {
  ok: true;
  ttl: number;
  urgency?: PushUrgency;
  topic?: string;
}

/** A request a push service turns away, with the status a real one answers and why. */
export interface PushRejection {
  ok: false;
  status: number;
  reason: string;
}

/** The most a push service must accept (RFC 8030 §7.2); real ones answer 413 above it. */
export const MAX_PUSH_BODY_BYTES = 4096;

/** The longest VAPID token lifetime a push service accepts (RFC 8292 §2). */
const MAX_TOKEN_SECONDS = 24 * 60 * 60;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

const reject = (status: number, reason: string): PushRejection => ({ ok: false, status, reason });

/**
 * Checks a push request the way a push service does (RFC 8030 headers, RFC 8292 VAPID, RFC 8291
 * `aes128gcm`): 401 without VAPID authentication, 403 when it does not verify, 400 for bad
 * headers, 413 for too large a body. `audience` is the origin of the subscription's endpoint;
 * `applicationServerKey`, when the subscription was made with one, is the only key allowed.
 */
export function checkPushRequest(
  headers: IncomingHttpHeaders,
  bodyBytes: number,
  audience: string,
  applicationServerKey?: string,
): AcceptedPushHeaders | PushRejection {
  const vapid = checkVapid(headers.authorization, audience, applicationServerKey);
  if (vapid) return vapid;
  const ttl = one(headers.ttl);
  if (ttl === undefined) return reject(400, 'TTL header missing');
  if (!/^\d+$/.test(ttl) || !Number.isSafeInteger(Number(ttl))) {
    return reject(400, `TTL ${ttl} is not a non-negative integer`);
  }
  // A push without a payload needs no encoding; one with a payload must say aes128gcm.
  if (bodyBytes > 0 && headers['content-encoding'] !== 'aes128gcm') {
    return reject(400, `Content-Encoding ${headers['content-encoding']} is not aes128gcm`);
  }
  const urgency = one(headers.urgency);
  if (urgency !== undefined && !isUrgency(urgency)) return reject(400, `Urgency ${urgency}`);
  const topic = one(headers.topic);
  if (topic !== undefined && !(topic.length <= 32 && BASE64URL.test(topic))) {
    return reject(400, `Topic ${topic} is not at most 32 base64url characters`);
  }
  if (bodyBytes > MAX_PUSH_BODY_BYTES) return reject(413, `body of ${bodyBytes} bytes`);
  return { ok: true, ttl: Number(ttl), urgency, topic };
}

/** Node gives a repeated unknown header as an array; a push service reads the first. */
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

const isUrgency = (value: string): value is PushUrgency =>
  (PUSH_URGENCIES as readonly string[]).includes(value);

/** `Authorization: vapid t=<JWT>, k=<public key>`; undefined when it verifies. */
function checkVapid(
  authorization: string | undefined,
  audience: string,
  applicationServerKey: string | undefined,
): PushRejection | undefined {
  const scheme = /^vapid\s+(.+)$/i.exec(authorization ?? '');
  if (!scheme) return reject(401, 'no vapid Authorization');
  const params = new Map(
    scheme[1].split(',').map((part) => {
      const [name, ...value] = part.trim().split('=');
      return [name.toLowerCase(), value.join('=')] as const;
    }),
  );
  const token = params.get('t');
  const k = params.get('k');
  if (!token || !k) return reject(401, 'vapid without t and k');
  const key = publicKeyOf(k);
  if (!key) return reject(403, 'k is not an uncompressed P-256 public key');
  if (applicationServerKey !== undefined && k !== applicationServerKey) {
    return reject(403, "k is not the subscription's applicationServerKey");
  }
  const [head, body, signature, extra] = token.split('.');
  if (extra !== undefined || ![head, body, signature].every((part) => BASE64URL.test(part ?? ''))) {
    return reject(403, 't is not a JWT');
  }
  const header = jsonOf(head);
  if (header?.alg !== 'ES256') return reject(403, 'JWT alg is not ES256');
  const signed = Buffer.from(`${head}.${body}`);
  const raw = Buffer.from(signature, 'base64url');
  if (raw.length !== 64 || !verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, raw)) {
    return reject(403, 'JWT signature does not verify with k');
  }
  return checkClaims(jsonOf(body), audience);
}

function checkClaims(
  claims: Record<string, unknown> | undefined,
  audience: string,
): PushRejection | undefined {
  if (!claims) return reject(403, 'JWT claims are not a JSON object');
  if (claims.aud !== audience)
    return reject(403, `JWT aud ${String(claims.aud)} is not ${audience}`);
  const now = Math.floor(Date.now() / 1000);
  const { exp, sub } = claims;
  if (typeof exp !== 'number' || exp <= now) return reject(403, 'JWT expired');
  if (exp > now + MAX_TOKEN_SECONDS) return reject(403, 'JWT exp more than 24 h ahead');
  if (typeof sub !== 'string' || !/^(mailto:|https:)/.test(sub) || !URL.canParse(sub)) {
    return reject(403, `JWT sub ${String(sub)} is not a mailto: or https: URL`);
  }
  return undefined;
}

/** The raw 65-byte uncompressed P-256 key, as a KeyObject (through JWK); undefined if it is not one. */
function publicKeyOf(k: string): KeyObject | undefined {
  if (!BASE64URL.test(k)) return undefined;
  const raw = Buffer.from(k, 'base64url');
  if (raw.length !== 65 || raw[0] !== 0x04) return undefined;
  try {
    const x = raw.subarray(1, 33).toString('base64url');
    const y = raw.subarray(33).toString('base64url');
    return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x, y }, format: 'jwk' });
  } catch {
    return undefined; // not a point on the curve
  }
}

function jsonOf(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
