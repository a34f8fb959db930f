import { randomBytes } from 'node:crypto';
import type { AuthSession, PushSubscriptionView, SessionView } from '@app/contracts';
import {
  bearer,
  uploadImage,
  type LocalPushService,
  type LocalPushSubscription,
  type Origin,
} from '@app/testing';
import type { Operation } from '../harness/openapi';

/** Collections whose `{id}` names a chat or a person: the chat and presence cells cover them. */
const SHARED_COLLECTIONS = ['chats', 'users'];

/** The path segment before the first path parameter: `subscriptions` for `/push/subscriptions/{id}`. */
function firstParamCollection(path: string): string | undefined {
  const at = path.indexOf('{');
  if (at === -1) return undefined;
  return path.slice(0, at).split('/').filter(Boolean).pop();
}

/**
 * The collection of a person's own things an operation names by id (`media`, `subscriptions`):
 * its first path parameter sits in a collection that is neither chats nor people.
 */
export function ownedCollectionOf(op: Operation): string | undefined {
  const collection = firstParamCollection(op.path);
  return collection && !SHARED_COLLECTIONS.includes(collection) ? collection : undefined;
}

/** The collection an operation lists: a GET without path parameters ending in one of `collections`. */
export function listedCollectionOf(op: Operation, collections: string[]): string | undefined {
  if (op.method !== 'GET' || op.path.includes('{')) return undefined;
  const last = op.path.split('/').filter(Boolean).pop() ?? '';
  return collections.includes(last) ? last : undefined;
}

/**
 * A public route whose body proves the caller by a push subscription's endpoint and secret (the
 * service worker's renewal): read from the document by its body fields.
 */
export function provedBySubscriptionSecret(op: Operation): boolean {
  const fields = Object.keys(op.body?.schema.properties ?? {});
  return (
    op.isPublic && fields.some((f) => /endpoint/i.test(f)) && fields.some((f) => /auth$/i.test(f))
  );
}

/** The owner's own things, one of each kind, and an intruder's subscription of their own. */
export interface OwnedThings {
  /** Collection → the owner's ids in it. */
  ids: Record<string, string[]>;
  /** The owner's push subscription: its endpoint and auth secret are the browser's secrets. */
  subscription: LocalPushSubscription;
  /** Its id in the API. */
  subscriptionId: string;
  /** The intruder's own subscription: their list is not empty, their secret is a real one. */
  intruderSubscription: LocalPushSubscription;
  /** What no answer to anyone but the owner may hold. */
  markers: string[];
}

async function subscribe(
  t: Origin,
  push: LocalPushService,
  session: AuthSession,
): Promise<{ subscription: LocalPushSubscription; view: PushSubscriptionView }> {
  const subscription = push.createSubscription();
  const { endpoint, keys } = subscription;
  const res = await t
    .http()
    .post('/api/v1/push/subscriptions')
    .set(bearer(session))
    .send({ endpoint, keys });
  if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${res.text}`);
  return { subscription, view: res.body as PushSubscriptionView };
}

/**
 * One thing of each kind the owner has alone: an uploaded image (never sent, not an avatar), a
 * push subscription of the local push service, and their sign-in session. A new collection of owned things needs its seed
 * here: the matrix fails on an owned route it has no id for.
 */
export async function seedOwnedThings(
  t: Origin,
  push: LocalPushService,
  owner: AuthSession,
  intruder: AuthSession,
  png: Buffer,
): Promise<OwnedThings> {
  const media = await uploadImage(t, owner, png);
  const own = await subscribe(t, push, owner);
  const theirs = await subscribe(t, push, intruder);
  // The owner's sign-in session: ending it is refused to anyone else like a missing one.
  const sessions = (await t.http().get('/api/v1/auth/sessions').set(bearer(owner)).expect(200))
    .body as SessionView[];
  const session = sessions.find(({ current }) => current);
  if (!session) throw new Error('The owner has no current session');
  return {
    ids: { media: [media.id], subscriptions: [own.view.id], sessions: [session.id] },
    subscription: own.subscription,
    subscriptionId: own.view.id,
    intruderSubscription: theirs.subscription,
    markers: [media.id, own.view.id, own.subscription.id, own.subscription.keys.auth, session.id],
  };
}

/** A 16-byte secret that is nobody's, base64url like a browser's. */
export const strangeSecret = () => randomBytes(16).toString('base64url');

/** What a refusal says, without what differs per request (request ids, times). */
export function refusalShape(status: number, text: string): string {
  try {
    const { statusCode, code, error, message, details } = JSON.parse(text) as Record<
      string,
      unknown
    >;
    return JSON.stringify({ status, statusCode, code, error, message, details });
  } catch {
    return JSON.stringify({ status, text });
  }
}
