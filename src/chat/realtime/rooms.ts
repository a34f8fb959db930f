/** Rooms are owned by the server: clients never join one by request (DESIGN.md section 4.5). */
export const userRoom = (userId: string) => `user:${userId}`;
export const chatRoom = (chatId: string) => `chat:${chatId}`;
