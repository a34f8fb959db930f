import { BadRequestException } from '@nestjs/common';
import { findHostileInput } from './hostile-input';

/** Page cursors are opaque to clients: base64url of the last row's sort key. */
export function encodeCursor(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/**
 * The sort key of a cursor this API returned; any other string is a 400 naming `cursor`. Clients
 * can forge cursors, so what decodes is checked as strictly as any other input.
 */
export function decodeCursor(raw: string, size: number): string[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === size &&
      value.every((v) => typeof v === 'string') &&
      !findHostileInput(value)
    ) {
      return value;
    }
  } catch {
    // fall through to the 400 below
  }
  throw invalidCursorError();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor's id part: a UUID, as every id of ours is. */
export function cursorUuid(value: string): string {
  if (!UUID.test(value)) throw invalidCursorError();
  return value;
}

/**
 * A cursor's timestamp part: exactly as `encodeCursor` wrote it (ISO 8601 in UTC), and within the
 * years every store can compare (PostgreSQL has no year 0; extended years like +275760 overflow).
 */
export function cursorDate(value: string): Date {
  const date = new Date(value);
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || date.toISOString() !== value || year < 1970 || year > 9999)
    throw invalidCursorError();
  return date;
}

export function invalidCursorError(): BadRequestException {
  const message = 'cursor is not one this API returned';
  return new BadRequestException({ message, details: [{ field: 'cursor', messages: [message] }] });
}
