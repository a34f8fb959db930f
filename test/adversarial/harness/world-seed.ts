import request from 'supertest';
import type { AuthSession } from '@app/contracts';
import {
  bearer,
  clientMessageId,
  createGroup,
  openDirectChat,
  registerUser,
  uploadImage,
  type LocalPushService,
  type Origin,
} from '@app/testing';
import type { Credentials } from '../generators/http-cases';
import type { PushWorld, World } from '../generators/values';

/** An app reached by URL: what the shared helpers (registerUser, createGroup…) take. */
export const originOf = (url: string): Origin => ({ url, http: () => request(url) });

export async function sendText(
  t: Origin,
  session: AuthSession,
  chatId: string,
  text: string,
): Promise<number> {
  const res = await t
    .http()
    .post(`/api/v1/chats/${chatId}/messages`)
    .set(bearer(session))
    .send({ clientMessageId: clientMessageId(), text });
  if (res.status !== 201 && res.status !== 200) throw new Error(`send: ${res.status} ${res.text}`);
  return (res.body as { seq: number }).seq;
}

export interface FuzzWorld {
  world: World;
  /** The signed-in fuzz user. */
  email: string;
  password: string;
  credentials: Credentials;
}

/** Two push subscriptions of `me` at the local push service, registered for real. */
async function seedPush(t: Origin, me: AuthSession, push: LocalPushService): Promise<PushWorld> {
  const world: PushWorld = {
    origin: push.origin,
    subscriptionIds: [],
    endpoints: [],
    auths: [],
    p256dhs: [],
  };
  for (let i = 0; i < 2; i++) {
    const { endpoint, keys } = push.createSubscription();
    const res = await t
      .http()
      .post('/api/v1/push/subscriptions')
      .set(bearer(me))
      .send({ endpoint, keys });
    if (res.status !== 201) throw new Error(`push subscription: ${res.status} ${res.text}`);
    world.subscriptionIds.push((res.body as { id: string }).id);
    world.endpoints.push(endpoint);
    world.auths.push(keys.auth);
    world.p256dhs.push(keys.p256dh);
  }
  return world;
}

/**
 * One signed-in person with a direct chat, a group (with two others) and a few messages, an
 * uploaded image, and with `push` two push subscriptions: so that ids in generated cases are
 * sometimes real and reach the data.
 */
export async function seedFuzzWorld(
  t: Origin,
  png: Buffer,
  push?: LocalPushService,
): Promise<FuzzWorld> {
  const [me, bob, cat] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
  const direct = await openDirectChat(t, me, bob);
  const group = await createGroup(t, me, [bob, cat], 'Fuzz group');
  const seqs = new Set<number>();
  for (const chat of [direct, group]) {
    for (const text of ['hello', 'see you at 8?', 'bye'])
      seqs.add(await sendText(t, me, chat.id, text));
  }
  const media = await uploadImage(t, me, png);
  return {
    world: {
      userIds: [me.user.id, bob.user.id, cat.user.id],
      chatIds: [direct.id, group.id],
      mediaIds: [media.id],
      seqs: [...seqs],
      emails: [me.user.email, bob.user.email],
      push: push ? await seedPush(t, me, push) : undefined,
    },
    email: me.user.email,
    password: me.password,
    credentials: { accessToken: me.accessToken, refreshToken: me.refreshToken },
  };
}

/** Signs the fuzz user in again if a case ended its session (a logout, a reused refresh token). */
export async function keepSignedIn(t: Origin, fuzz: FuzzWorld): Promise<void> {
  const me = await t
    .http()
    .get('/api/v1/users/me')
    .set('Authorization', `Bearer ${fuzz.credentials.accessToken}`);
  if (me.status === 200) return;
  const res = await t
    .http()
    .post('/api/v1/auth/login')
    .send({ email: fuzz.email, password: fuzz.password });
  if (res.status !== 200) throw new Error(`sign in again: ${res.status} ${res.text}`);
  const session = res.body as AuthSession;
  fuzz.credentials.accessToken = session.accessToken;
  fuzz.credentials.refreshToken = session.refreshToken;
}
