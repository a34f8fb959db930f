import { CLIENT_EVENTS } from '@app/contracts';
import type { Schema } from '../harness/openapi';
import type { Rng } from '../harness/prng';
import { idsFor, mutate } from './schema-values';
import { hostileValue, hugeString, RawJson, type World } from './values';

export interface SocketCase {
  /** `socket message:send` */
  target: string;
  event: string;
  /** The arguments before the ack callback. */
  args: unknown[];
  withAck: boolean;
  /** Bigger than the server's 64 KiB frame limit: a disconnect is the expected answer. */
  oversize: boolean;
}

/** Every client → server event of the catalogue, so that a new event is fuzzed the day it lands. */
export const CLIENT_EVENT_NAMES = Object.keys(CLIENT_EVENTS);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The catalogue documents payloads by example; the example's shape stands in for a schema. */
export function schemaOf(example: unknown): Schema {
  if (Array.isArray(example)) return { type: 'array', items: schemaOf(example[0]) };
  if (example === null) return {};
  switch (typeof example) {
    case 'string':
      return UUID.test(example) ? { type: 'string', format: 'uuid' } : { type: 'string' };
    case 'number':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'object': {
      const entries = Object.entries(example as Record<string, unknown>);
      return {
        type: 'object',
        properties: Object.fromEntries(entries.map(([k, v]) => [k, schemaOf(v)])),
        required: entries.map(([k]) => k),
      };
    }
    default:
      return {};
  }
}

let sent = 0;

/** The example with its ids and seqs swapped for real ones of this run's world. */
export function realise(rng: Rng, world: World, value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => realise(rng, world, v, key.replace(/s$/, '')));
  if (typeof value === 'string' && UUID.test(value)) {
    if (/clientmessageid/i.test(key)) return `fz-socket-${(sent += 1)}-${rng.int(0, 1e9)}`;
    return rng.pick(idsFor(key, world));
  }
  if (typeof value === 'number' && /seq/i.test(key) && world.seqs.length > 0)
    return rng.pick(world.seqs);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, realise(rng, world, v, k)]),
    );
  return value;
}

/** What socket.io-client can carry: RawJson becomes its parsed value, or its text. */
function plain(value: unknown, depth = 0): unknown {
  if (value instanceof RawJson) {
    try {
      return JSON.parse(value.text) as unknown;
    } catch {
      return value.text;
    }
  }
  // RawJson only ever sits near the top; the 2,000-level values below need no copy.
  if (depth > 6) return value;
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  if (value && typeof value === 'object' && !Buffer.isBuffer(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, depth + 1)]));
  return value;
}

export function socketCase(rng: Rng, world: World): SocketCase {
  const known = rng.chance(0.95);
  const event = known
    ? rng.pick(CLIENT_EVENT_NAMES)
    : rng.pick([
        'unknown:event',
        '__proto__',
        'constructor',
        'hasOwnProperty',
        'message:send ',
        'MESSAGE:SEND',
        '',
      ]);
  const example = known
    ? (CLIENT_EVENTS as Record<string, { example: unknown }>)[event].example
    : {};
  const payload = plain(mutate(rng, world, schemaOf(example), realise(rng, world, example)));
  let oversize = false;
  const args = rng.oneOf<unknown[]>([
    () => [payload],
    () => [payload],
    () => [payload],
    () => [payload],
    () => [payload],
    () => [Buffer.from(JSON.stringify(payload) ?? '')],
    () => [{ ...(payload as object), chatId: Buffer.from([0, 1, 2]) }],
    () => [payload, plain(hostileValue(rng, world)), 'extra'],
    () => [],
    () => [plain(hostileValue(rng, world))],
    () => {
      oversize = true;
      return [{ ...(payload as object), text: hugeString(rng, 70_000) }];
    },
  ]);
  // An event nobody handles is never acknowledged: asking would only wait for the timeout.
  return { target: `socket ${event}`, event, args, withAck: known && rng.chance(0.9), oversize };
}
