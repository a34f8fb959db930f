import { cursorDate, cursorUuid, decodeCursor, encodeCursor } from '@app/http';

export interface ChatCursor {
  updatedAt: Date;
  id: string;
}

export const encodeChatCursor = (cursor: ChatCursor) =>
  encodeCursor([cursor.updatedAt.toISOString(), cursor.id]);

export function decodeChatCursor(raw: string): ChatCursor {
  const [updatedAt, id] = decodeCursor(raw, 2);
  return { updatedAt: cursorDate(updatedAt), id: cursorUuid(id) };
}
