import { decodeCursor, encodeCursor, invalidCursorError } from '@app/http';

export interface ChatCursor {
  updatedAt: Date;
  id: string;
}

export const encodeChatCursor = (cursor: ChatCursor) =>
  encodeCursor([cursor.updatedAt.toISOString(), cursor.id]);

export function decodeChatCursor(raw: string): ChatCursor {
  const [updatedAt, id] = decodeCursor(raw, 2);
  const date = new Date(updatedAt);
  if (Number.isNaN(date.getTime())) throw invalidCursorError();
  return { updatedAt: date, id };
}
