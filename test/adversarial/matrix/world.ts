import { randomBytes } from 'node:crypto';
import type { AuthSession, ChatView } from '@app/contracts';
import { bearer, createGroup, openDirectChat, registerUser, type Origin } from '@app/testing';
import { sendText } from '../harness/world-seed';

type Person = AuthSession & { password: string };

/** The chats under attack, the people around them, and the strings that must never leak. */
export interface MatrixWorld {
  owner: Person;
  member: Person;
  /** A member no request ever names: their id showing up anywhere is a leak. */
  silent: Person;
  /** Was in the group, was removed. */
  removed: Person;
  /** Never in any of the chats. */
  outsider: Person;
  group: ChatView;
  direct: ChatView;
  /** The chats' names, message texts and the silent member's id and name. */
  markers: string[];
  /** A fresh unique marker, for text planted later. */
  mark: (what: string) => string;
}

export async function seedMatrixWorld(t: Origin): Promise<MatrixWorld> {
  const tag = `MARK${randomBytes(5).toString('hex')}`;
  const mark = (what: string) => `${tag}-${what}`;
  const [owner, member, silent, removed, outsider] = await Promise.all([
    registerUser(t, { name: 'Owner' }),
    registerUser(t, { name: 'Member' }),
    registerUser(t, { name: mark('silent') }),
    registerUser(t, { name: 'Removed' }),
    registerUser(t, { name: 'Outsider' }),
  ]);
  const group = await createGroup(t, owner, [member, silent, removed], mark('group'));
  const direct = await openDirectChat(t, owner, member);
  const texts = [mark('g1'), mark('g2'), mark('d1'), mark('d2')];
  await sendText(t, owner, group.id, texts[0]);
  await sendText(t, member, group.id, texts[1]);
  await sendText(t, owner, direct.id, texts[2]);
  await sendText(t, member, direct.id, texts[3]);
  const removal = await t
    .http()
    .delete(`/api/v1/chats/${group.id}/members/${removed.user.id}`)
    .set(bearer(owner));
  if (removal.status !== 204) throw new Error(`remove member: ${removal.status} ${removal.text}`);
  return {
    owner,
    member,
    silent,
    removed,
    outsider,
    group,
    direct,
    markers: [mark('group'), ...texts, silent.user.id, mark('silent')],
    mark,
  };
}

/** The markers in `text` that the request did not carry itself (an echo is not a leak). */
export function leakedMarkers(markers: string[], text: string, request = ''): string[] {
  return markers.filter((m) => text.includes(m) && !request.includes(m));
}
