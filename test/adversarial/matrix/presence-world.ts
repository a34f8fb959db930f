import { randomBytes } from 'node:crypto';
import type { AuthSession, ChatView, ServerToClientEvents } from '@app/contracts';
import {
  ackData,
  bearer,
  connectClient,
  createGroup,
  nextEvent,
  openDirectChat,
  registerUser,
  type ChatClient,
  type Origin,
} from '@app/testing';
import { sendText } from '../harness/world-seed';
import type { PeopleView } from './people-routes';

/** How someone stands to T, the person whose presence is at stake. */
export type Identity = 'friend' | 'blocked person' | 'stranger';

/**
 * The rule under test: T's presence (online, last seen, typing, read marks) shows in chat views to
 * whoever shares a chat with T and is not blocked by T (the friend), and in profiles to nobody.
 */
export const mayShowPresence = (who: Identity, view: PeopleView): boolean =>
  view === 'chats' && who === 'friend';

/** T and the people around T. */
export interface PresenceWorld {
  target: AuthSession;
  /** A name only T has, for the people search. */
  targetName: string;
  /** Shares the group and a direct chat with T, and T blocked nobody: the positive control. */
  friend: AuthSession;
  /** Owns a group with T and the friend (so every owner's route answers them); T blocked them. */
  blocked: AuthSession;
  /** Signed in, shares no chat with T (only one with the friend); T blocked nobody. */
  stranger: AuthSession;
  group: ChatView;
  direct: ChatView;
  /** The stranger's only chat, with the friend. */
  strangersChat: ChatView;
}

export async function seedPresenceWorld(t: Origin): Promise<PresenceWorld> {
  const targetName = `Target${randomBytes(5).toString('hex')}`;
  const [target, friend, blocked, stranger] = await Promise.all([
    registerUser(t, { name: targetName }),
    registerUser(t, { name: 'Friend' }),
    registerUser(t, { name: 'Blocked' }),
    registerUser(t, { name: 'Stranger' }),
  ]);
  const group = await createGroup(t, blocked, [target, friend], 'Presence');
  const direct = await openDirectChat(t, friend, target);
  const strangersChat = await openDirectChat(t, stranger, friend);
  const block = await t.http().put(`/api/v1/users/${blocked.user.id}/block`).set(bearer(target));
  if (block.status !== 204) throw new Error(`block: ${block.status} ${block.text}`);
  return { target, targetName, friend, blocked, stranger, group, direct, strangersChat };
}

export const identities = (w: PresenceWorld): Array<{ who: Identity; person: AuthSession }> => [
  { who: 'friend', person: w.friend },
  { who: 'blocked person', person: w.blocked },
  { who: 'stranger', person: w.stranger },
];

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** The next `event` to the friend's socket that `filter` picks; the control fails without it. */
function friendSees<E extends keyof ServerToClientEvents>(
  socket: ChatClient,
  event: E,
  filter: (payload: Payload<E>) => boolean,
  what: string,
): Promise<Payload<E>> {
  return nextEvent(socket, event, filter).catch(() => {
    throw new Error(`The friend never saw ${what}: the positive control fails`);
  });
}

/**
 * Plants T's presence: T comes online, types in the group and the direct chat, takes delivery of
 * and reads their messages, goes offline (a real `lastSeenAt`), and comes back online to stay
 * (T's socket is returned). Each step waits until the friend saw it, so whatever the server
 * sent anyone else about it left before.
 */
export async function plantPresence(
  t: Origin,
  w: PresenceWorld,
  friend: ChatClient,
): Promise<ChatClient> {
  const tId = w.target.user.id;
  const chats = [w.group.id, w.direct.id];
  const seqs = await Promise.all(chats.map((id) => sendText(t, w.friend, id, 'for T to read')));
  const online = () =>
    friendSees(friend, 'presence', (e) => e.userId === tId && e.online, "T's coming online");
  const cameOnline = online();
  let socket = await connectClient(t, w.target);
  await cameOnline;
  for (const [i, chatId] of chats.entries()) {
    const ofT = (e: { chatId: string; userId: string }) => e.chatId === chatId && e.userId === tId;
    const seen = [
      friendSees(friend, 'typing', ofT, "T's typing"),
      friendSees(friend, 'message:delivered', ofT, "T's delivered mark"),
      friendSees(friend, 'message:read', ofT, "T's read mark"),
    ];
    await ackData(socket, 'typing:start', { chatId });
    await ackData(socket, 'message:delivered', { chatId, seq: seqs[i] });
    await ackData(socket, 'message:read', { chatId, seq: seqs[i] });
    await Promise.all(seen);
  }
  const wentOffline = friendSees(
    friend,
    'presence',
    (e) => e.userId === tId && !e.online && e.lastSeenAt !== null,
    "T's going offline, with a last-seen time",
  );
  socket.disconnect();
  await wentOffline;
  const backOnline = online();
  socket = await connectClient(t, w.target);
  await backOnline;
  return socket;
}

/**
 * Resolves once everything the server sent before reached the blocked person's and the
 * stranger's sockets: a message of the friend's, sent after, did (one socket gets its events
 * in the order they were sent).
 */
export async function allDelivered(
  t: Origin,
  w: PresenceWorld,
  blocked: ChatClient,
  stranger: ChatClient,
): Promise<void> {
  const text = `sentinel ${randomBytes(4).toString('hex')}`;
  const arrived = [blocked, stranger].map((socket) =>
    nextEvent(socket, 'message:new', (e) => e.message.text === text),
  );
  await sendText(t, w.friend, w.group.id, text);
  await sendText(t, w.friend, w.strangersChat.id, text);
  await Promise.all(arrived);
}
