import type { Schema } from '../harness/openapi';
import type { Rng } from '../harness/prng';
import {
  deeplyNested,
  hostileNumber,
  hostileValue,
  hugeString,
  INJECTIONS,
  OPERATORS,
  pushEndpoint,
  pushPublicKey,
  pushSecret,
  RawJson,
  UNICODE_EDGES,
  uuidLike,
  type World,
} from './values';

/**
 * Real ids for a field or path parameter, chosen by its name (`chatId`, `memberIds`, the `chats`
 * segment before `{id}`): a naming convention of the API, not a list of routes.
 */
export function idsFor(name: string, world: World): string[] {
  const n = name.toLowerCase();
  if (/chat/.test(n)) return world.chatIds;
  if (/media|avatar/.test(n)) return world.mediaIds;
  if (/subscription/.test(n) && world.push) return world.push.subscriptionIds;
  if (/user|member/.test(n)) return world.userIds;
  return [...world.chatIds, ...world.userIds, ...world.mediaIds];
}

let unique = 0;

const isId = (name: string, schema: Schema) => schema.format === 'uuid' || /id$/i.test(name);

/**
 * A value that satisfies `schema` (as far as the document says), named `name`. Ids are real ones
 * or near misses, unless `exact` (the authorization matrix needs requests that are valid).
 */
export function sampleValid(
  rng: Rng,
  world: World,
  schema: Schema,
  name: string,
  exact = false,
): unknown {
  if (schema.enum && schema.enum.length > 0) return rng.pick(schema.enum);
  const n = name.toLowerCase();
  switch (schema.type) {
    case 'integer':
    case 'number': {
      if (/seq/.test(n) && world.seqs.length > 0 && rng.chance(0.7)) return rng.pick(world.seqs);
      return rng.int(schema.minimum ?? 0, Math.min(schema.maximum ?? 100, 1_000_000));
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'array': {
      const count = rng.int(Math.max(schema.minItems ?? 0, exact ? 1 : 0), exact ? 1 : 3);
      const itemName = name.replace(/s$/, '');
      return Array.from({ length: count }, () =>
        sampleValid(rng, world, schema.items ?? {}, itemName, exact),
      );
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set(schema.required ?? []);
      for (const [key, sub] of Object.entries(schema.properties ?? {})) {
        // Exact: every field it can fill for real (a body like `{text?, mediaId?}` needs one).
        const include = exact
          ? !isId(key, sub) || idsFor(key, world).length > 0
          : required.has(key) || rng.chance(0.5);
        if (include) out[key] = sampleValid(rng, world, sub, key, exact);
      }
      return out;
    }
    default:
      return sampleString(rng, world, schema, n, exact);
  }
}

function sampleString(rng: Rng, world: World, schema: Schema, n: string, exact: boolean): string {
  if (/clientmessageid/.test(n)) return `fz-${(unique += 1)}-${rng.int(0, 1e9)}`;
  if (schema.format === 'uuid' || /id$/.test(n))
    return exact ? rng.pick(idsFor(n, world)) : uuidLike(rng, idsFor(n, world));
  // Exact: ahead, within weeks (a mute's `until` must be in the future, within a year).
  if (schema.format === 'date-time' || /until|at$/.test(n))
    return new Date(Date.now() + rng.int(exact ? 3.6e6 : -1e9, 1e9)).toISOString();
  if (/email/.test(n))
    return rng.chance(0.5) && world.emails.length > 0
      ? rng.pick(world.emails)
      : `fuzz${(unique += 1)}.${rng.int(0, 1e9)}@example.com`;
  if (/password/.test(n)) return 'correct horse battery';
  if (/code/.test(n)) return String(rng.int(0, 999_999)).padStart(6, '0');
  if (/emoji/.test(n)) return rng.pick(['👍', '❤️', '👩‍👩‍👧‍👦', '🏳️‍🌈']);
  // Web Push: a subscription's endpoint and keys, so that registrations and renewals get past
  // the URL check into the key checks, the store and the proof of a renewal.
  if (/endpoint/.test(n)) return pushEndpoint(rng, world, exact);
  if (/p256dh/.test(n)) return pushPublicKey(rng, world, exact);
  if (/auth$/.test(n)) return pushSecret(rng, world, exact);
  const min = schema.minLength ?? 1;
  const max = Math.min(schema.maxLength ?? 40, 200);
  const words = ['hello', 'world', 'see you at 8?', 'Ada', 'ünïcödé', '你好', 'مرحبا', '🙂'];
  let text = rng.pick(words);
  while (text.length < min) text += ` ${rng.pick(words)}`;
  return text.slice(0, Math.max(min, rng.int(min, max)));
}

/** A value of another JSON type than the schema's (a string for a number, and so on). */
function wrongType(rng: Rng, schema: Schema): unknown {
  const choices: unknown[] = [
    'text',
    42,
    true,
    null,
    [],
    {},
    ['a'],
    { a: 1 },
    new RawJson('1e999999'),
  ];
  return rng.pick(
    choices.filter((c) => {
      if (schema.type === 'string') return typeof c !== 'string';
      if (schema.type === 'number' || schema.type === 'integer') return typeof c !== 'number';
      if (schema.type === 'array') return !Array.isArray(c);
      if (schema.type === 'object') return typeof c !== 'object' || Array.isArray(c) || c === null;
      return true;
    }),
  );
}

/** A plausible value with one unicode edge case inside it: past type checks, into the logic. */
function withEdge(rng: Rng, value: unknown): unknown {
  const edge = rng.pick(UNICODE_EDGES);
  if (typeof value !== 'string' || value === '') return edge;
  const at = rng.int(0, value.length);
  return value.slice(0, at) + edge + value.slice(at);
}

/**
 * The valid value with 1–3 things wrong: a field missing, extra, of the wrong type, hostile, an
 * operator object, huge, edged with unicode; or the whole body replaced by something hostile.
 * One time in five it stays valid, so that well-formed requests reach the deeper code too.
 */
export function mutate(rng: Rng, world: World, schema: Schema, value: unknown): unknown {
  if (rng.chance(0.2)) return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || rng.chance(0.1)) {
    return rng.oneOf<unknown>([
      () => hostileValue(rng, world),
      () => wrongType(rng, schema),
      () => withEdge(rng, value),
      () => deeplyNested(rng, 2000),
      () => [value],
    ]);
  }
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const props = Object.entries(schema.properties ?? {});
  for (let i = rng.int(1, 3); i > 0; i -= 1) {
    const [key, sub] = props.length > 0 ? rng.pick(props) : ['x', {}];
    rng.oneOf<void>([
      () => void delete out[key],
      () =>
        void (out[rng.pick([...INJECTIONS, 'isAdmin', 'role', 'id'])] = hostileValue(rng, world)),
      () => void (out[key] = wrongType(rng, sub)),
      () => void (out[key] = hostileValue(rng, world)),
      () => void (out[key] = withEdge(rng, out[key] ?? sampleValid(rng, world, sub, key))),
      () => void (out[key] = withEdge(rng, out[key] ?? sampleValid(rng, world, sub, key))),
      () => void (out[key] = rng.pick(OPERATORS)),
      () => void (out[key] = hugeString(rng, rng.int(1_000, 40_000))),
      () => void (out[key] = hostileNumber(rng)),
      () =>
        void (out[key] =
          sub.type === 'array'
            ? Array.from({ length: 1_500 }, () => uuidLike(rng, world.userIds))
            : [out[key]]),
    ]);
  }
  return out;
}
