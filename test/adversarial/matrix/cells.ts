import { randomUUID } from 'node:crypto';
import { CLIENT_EVENTS } from '@app/contracts';
import { percentEncode } from '../generators/encoding';
import { idsFor, sampleValid } from '../generators/schema-values';
import { realise } from '../generators/socket-cases';
import { toJsonText, type World } from '../generators/values';
import type { Operation } from '../harness/openapi';
import { Rng } from '../harness/prng';
import type { RawRequest } from '../harness/raw-http';

/** What a cell aims at: a chat and a member of it to name where a route wants a user. */
export interface Aim {
  chatId: string;
  /** A member other than the caller, for `{userId}` and friends. */
  memberId: string;
}

const CHATTY = /chat/i;

/** The collection a path parameter belongs to: `chats` for `/chats/{id}`. */
function collectionOf(path: string, param: string): string {
  return path.split(`{${param}}`)[0].split('/').filter(Boolean).pop() ?? '';
}

/**
 * Whether an operation acts on one chat: a path parameter of the `chats` collection or named
 * like a chat id, or a query or body field so named. Read from the document, like the rest.
 */
export function targetsChat(op: Operation): boolean {
  const pathChat = [...op.path.matchAll(/\{([^}]+)\}/g)].some(
    ([, name]) => CHATTY.test(name) || (name === 'id' && collectionOf(op.path, name) === 'chats'),
  );
  const queryChat = op.parameters.some((p) => p.in === 'query' && CHATTY.test(p.name));
  const bodyChat = Object.keys(op.body?.schema.properties ?? {}).some((k) => CHATTY.test(k));
  return pathChat || queryChat || bodyChat;
}

/** No media: a made-up media id is refused for itself, before any membership check. */
function worldFor(aim: Aim): World {
  return {
    chatIds: [aim.chatId],
    userIds: [aim.memberId],
    mediaIds: [],
    seqs: [1],
    emails: [],
  };
}

/**
 * A well-formed request to `op` aimed at the chat: only who asks may make it fail. `owned` gives
 * the ids of a collection of someone's own things (`subscriptions`) to name in the path.
 */
export function validRequest(
  op: Operation,
  aim: Aim,
  headers: Record<string, string>,
  owned: Record<string, string[]> = {},
): RawRequest {
  const rng = new Rng(1);
  const world = worldFor(aim);
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const collection = name === 'id' ? collectionOf(op.path, name) : name;
    const param = op.parameters.find((p) => p.in === 'path' && p.name === name);
    const ids = owned[collection] ?? idsFor(collection, world);
    const value = /id$/i.test(name)
      ? ids.length > 0
        ? rng.pick(ids)
        : randomUUID()
      : sampleValid(rng, world, param?.schema ?? {}, name, true);
    return percentEncode(String(value));
  });
  const query = op.parameters
    .filter((p) => p.in === 'query' && (p.required || CHATTY.test(p.name)))
    .map(
      (p) =>
        `${percentEncode(p.name)}=${percentEncode(String(sampleValid(rng, world, p.schema ?? {}, p.name, true)))}`,
    );
  const request: RawRequest = {
    method: op.method,
    path: query.length ? `${path}?${query.join('&')}` : path,
    headers,
  };
  if (op.body?.contentType === 'application/json') {
    request.body = toJsonText(sampleValid(rng, world, op.body.schema, 'body', true));
    request.headers = { ...headers, 'content-type': 'application/json' };
  } else if (op.body) {
    // A multipart upload: an empty form is enough to meet the guard.
    request.body = '--x--\r\n';
    request.headers = { ...headers, 'content-type': 'multipart/form-data; boundary=x' };
  }
  return request;
}

export interface EventCell {
  event: string;
  payload: unknown;
  /**
   * The catalogue lists a "not yours" code for it (forbidden, not_a_member, not_found,
   * unauthorized): an outsider must get one of those. Otherwise it must only not leak.
   */
  mustRefuse: boolean;
}

export const REFUSALS = ['forbidden', 'not_a_member', 'not_found', 'unauthorized'];

/** Fields named like a token get someone else's (the victim's): `auth:renew` and the like. */
function withToken(value: unknown, token: string | undefined): unknown {
  if (token === undefined || !value || typeof value !== 'object' || Array.isArray(value))
    return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, /token/i.test(k) ? token : v]),
  );
}

/** Every client event of the catalogue, with its example aimed at the chat (and the victim's token). */
export function eventCells(aim: Aim, userIds: string[], victimToken?: string): EventCell[] {
  const rng = new Rng(2);
  const world: World = { ...worldFor(aim), userIds };
  return Object.entries(
    CLIENT_EVENTS as Record<string, { example: unknown; errors: string[] }>,
  ).map(([event, doc]) => ({
    event,
    payload: withToken(realise(rng, world, doc.example), victimToken),
    mustRefuse: doc.errors.some((code) => REFUSALS.includes(code)),
  }));
}
