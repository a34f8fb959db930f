import { ApiError } from '../api/http';
import { chatText } from '../i18n/chat';

/** What the server accepts as a handle: 3 to 20 of a–z, 0–9 and _. */
const HANDLE = /^[a-z0-9_]{3,20}$/u;

/** The rule in words, for one that breaks it. */
export const handleRule = (): string => chatText('handle.rule');

/**
 * What is typed into the handle box, as the handle it stands for: handles are lower-case and
 * shown with an "@", so "@Ada_L" means "ada_l".
 */
export function normaliseHandle(typed: string): string {
  return typed.trim().replace(/^@+/u, '').toLowerCase();
}

export const isValidHandle = (handle: string): boolean => HANDLE.test(handle);

/** The server's refusal of a new handle, said plainly: taken (409) or not a handle (400). */
export function describeHandleError(error: unknown, handle: string): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 409) return chatText('handle.taken', { handle });
  if (error.status === 400) return handleRule();
  return null;
}
