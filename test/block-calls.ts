import type { AuthSession } from '@app/contracts';
import { bearer, type Origin } from '@app/testing';

const idOf = (person: AuthSession | string) =>
  typeof person === 'string' ? person : person.user.id;

/** The REST calls of blocks, as `session`; each test states what it expects. */
export const blockCalls = (t: Origin, session: AuthSession) => ({
  block: (other: AuthSession | string) =>
    t
      .http()
      .put(`/api/v1/users/${idOf(other)}/block`)
      .set(bearer(session)),
  unblock: (other: AuthSession | string) =>
    t
      .http()
      .delete(`/api/v1/users/${idOf(other)}/block`)
      .set(bearer(session)),
});
