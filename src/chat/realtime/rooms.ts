/** Rooms are owned by the server: clients never join one by request (DESIGN.md section 4.5). */
const CHAT_ROOM_PREFIX = 'chat:';

export const userRoom = (userId: string) => `user:${userId}`;
/** Every socket of one sign-in session, so that ending the session reaches them all. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const chatRoom = (chatId: string) => `${CHAT_ROOM_PREFIX}${chatId}`;
