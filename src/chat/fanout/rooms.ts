/** Rooms are owned by the server: no client joins one by request (docs/architecture.md#rooms). */
const CHAT_ROOM_PREFIX = 'chat:';

export const userRoom = (userId: string) => `user:${userId}`;
/** Every socket of one sign-in session, so that ending the session reaches them all. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const chatRoom = (chatId: string) => `${CHAT_ROOM_PREFIX}${chatId}`;
/**
 * The sockets of everyone `blockerId` blocked. What the blocker does (typing, read and delivered
 * marks) is sent to a chat's room except this one, so it reaches the people they blocked in no
 * chat, groups included; with the Redis adapter that holds on every instance, at no lookup per event.
 */
export const blockedByRoom = (blockerId: string) => `blocked-by:${blockerId}`;
