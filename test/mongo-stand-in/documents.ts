import { deserialize, EJSON, serialize } from 'bson';

/** A BSON document as the stand-in holds it: decoded, with numbers as JS numbers. */
export type Doc = Record<string, unknown>;

/**
 * How every incoming BSON document is decoded. Int32, Int64 and Double all become JS numbers
 * (so `1` and `1.0` are one value, as they are for MongoDB's comparisons and indexes), and a
 * UUID stays a Binary, which mingo compares like any other value.
 */
export const DECODE_OPTIONS = { promoteValues: true, promoteLongs: true } as const;

export const decode = (bytes: Uint8Array): Doc => deserialize(bytes, DECODE_OPTIONS);

export const encode = (doc: Doc): Uint8Array => serialize(doc, { ignoreUndefined: true });

/**
 * A deep copy through BSON: stored versions are never changed in place (transactions may still be
 * reading them), and a copy through BSON keeps ObjectIds, Dates and Binaries what they are.
 */
export const cloneDoc = (doc: Doc): Doc => decode(encode(doc));

/** An object written as `{ ... }`, not a BSON value class (ObjectId, Binary) nor a Date or array. */
export function isPlainObject(value: unknown): value is Doc {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Does a document use update operators (`$set` …) rather than being a replacement? */
export const isOperatorDoc = (doc: Doc): boolean => Object.keys(doc).some((k) => k.startsWith('$'));

/**
 * One text for a value, equal for values MongoDB treats as equal in an index: the map key of a
 * document's `_id` and of unique index entries. Canonical extended JSON tells a string "1" from
 * the number 1 and keeps Dates and ObjectIds apart from their texts.
 */
export function canonical(value: unknown): string {
  if (typeof value === 'string') return `s:${value}`;
  if (value === undefined || value === null) return 'null';
  return EJSON.stringify({ v: value }, { relaxed: false });
}

/** The values at a dotted path: several when the path crosses arrays (a multikey index). */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const [head, ...rest] = path.split('.');
  if (Array.isArray(doc)) {
    // An array on the way: each element is looked into, and a numeric step may pick one.
    const picked = /^\d+$/.test(head) && head in doc ? [doc[Number(head)]] : [];
    const inside = doc.flatMap((item) => (isPlainObject(item) ? valuesAtPath(item, path) : []));
    return [
      ...picked.flatMap((v) => (rest.length ? valuesAtPath(v, rest.join('.')) : [v])),
      ...inside,
    ];
  }
  if (!isPlainObject(doc) || !(head in doc)) return [];
  const value = doc[head];
  return rest.length === 0 ? [value] : valuesAtPath(value, rest.join('.'));
}

/** Sets a dotted path, creating the objects on the way (for the fields an upsert starts from). */
export function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let target = doc;
  for (const part of parts.slice(0, -1)) {
    const next = target[part];
    if (!isPlainObject(next)) target[part] = {};
    target = target[part] as Doc;
  }
  target[parts[parts.length - 1]] = value;
}

/** `{ email: "a@b" }` as MongoDB prints a duplicate key in its E11000 message. */
export function formatKeyValue(keyValue: Doc): string {
  const fields = Object.entries(keyValue).map(
    ([field, value]) => `${field}: ${EJSON.stringify(value ?? null, { relaxed: true })}`,
  );
  return `{ ${fields.join(', ')} }`;
}

/** Puts `_id` first, where MongoDB always has it (mingo's projections put it last). */
export function idFirst(doc: Doc): Doc {
  if (!('_id' in doc)) return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}
