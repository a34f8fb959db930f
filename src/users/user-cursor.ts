import { BadRequestException } from '@nestjs/common';

export interface UserCursor {
  name: string;
  id: string;
}

/** Opaque to clients: base64url of the last row's sort key. */
export function encodeUserCursor(cursor: UserCursor): string {
  return Buffer.from(JSON.stringify([cursor.name, cursor.id])).toString('base64url');
}

export function decodeUserCursor(raw: string): UserCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      const [name, id] = value as [string, string];
      return { name, id };
    }
  } catch {
    // fall through to the 400 below
  }
  throw new BadRequestException({
    message: 'cursor is not one this API returned',
    details: [{ field: 'cursor', messages: ['cursor is not one this API returned'] }],
  });
}
