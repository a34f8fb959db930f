import { cursorUuid, decodeCursor, encodeCursor } from '@app/http';

export interface UserCursor {
  name: string;
  id: string;
}

export const encodeUserCursor = (cursor: UserCursor) => encodeCursor([cursor.name, cursor.id]);

export function decodeUserCursor(raw: string): UserCursor {
  const [name, id] = decodeCursor(raw, 2);
  return { name, id: cursorUuid(id) };
}
