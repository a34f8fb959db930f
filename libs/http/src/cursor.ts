import { BadRequestException } from '@nestjs/common';

/** Page cursors are opaque to clients: base64url of the last row's sort key. */
export function encodeCursor(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The sort key of a cursor this API returned; any other string is a 400 naming `cursor`. */
export function decodeCursor(raw: string, size: number): string[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === size &&
      value.every((v) => typeof v === 'string')
    ) {
      return value;
    }
  } catch {
    // fall through to the 400 below
  }
  throw invalidCursorError();
}

export function invalidCursorError(): BadRequestException {
  const message = 'cursor is not one this API returned';
  return new BadRequestException({ message, details: [{ field: 'cursor', messages: [message] }] });
}
