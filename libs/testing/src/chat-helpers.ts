import type { AuthSession, ChatView } from '@app/contracts';
import { bearer, registerUser } from './auth-helpers';
import type { Origin } from './test-app';

/** `count` new people with password accounts. */
export function createUsers(t: Origin, count: number): Promise<AuthSession[]> {
  return Promise.all(Array.from({ length: count }, () => registerUser(t)));
}

export async function openDirectChat(
  t: Origin,
  me: AuthSession,
  other: AuthSession,
): Promise<ChatView> {
  const res = await t
    .http()
    .post('/api/v1/chats/direct')
    .set(bearer(me))
    .send({ userId: other.user.id });
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`open direct chat: ${res.status} ${res.text}`);
  return res.body as ChatView;
}

export async function createGroup(
  t: Origin,
  owner: AuthSession,
  members: AuthSession[],
  name = 'Group',
): Promise<ChatView> {
  const res = await t
    .http()
    .post('/api/v1/chats/groups')
    .set(bearer(owner))
    .send({ name, memberIds: members.map((m) => m.user.id) })
    .expect(201);
  return res.body as ChatView;
}

let sequence = 0;

/** A fresh client message id, as a client would generate. */
export const clientMessageId = () => `cm-${process.pid}-${Date.now()}-${++sequence}`;
