import { randomInt } from 'node:crypto';
import {
  DuplicateHandleError,
  type NewUser,
  type UserRecord,
  type UsersRepository,
} from './persistence/users.repository';

/** A handle: 3 to 20 lower-case letters, digits or underscores (`@ada_l`, shown with an @). */
export const HANDLE_PATTERN = /^[a-z0-9_]{3,20}$/;
export const MAX_HANDLE_LENGTH = 20;

/** How many random variants a new account tries before giving up on its address' spelling. */
const VARIANTS = 5;

/**
 * The handle a new account starts with: the local part of its address as a handle can spell it
 * (`Ada.Lovelace+chat@…` → `adalovelacechat`), padded when too short.
 */
export function handleFromEmail(email: string): string {
  const spelled = (email.split('@')[0] ?? '').toLowerCase().replace(/[^a-z0-9_]/g, '');
  return (spelled.length >= 3 ? spelled : `${spelled}user`).slice(0, MAX_HANDLE_LENGTH - 5);
}

/**
 * Creates the account with the first free one of: the handle its address spells, then that with
 * a random four-digit suffix; then with a suffix from its own randomness. People rename it later.
 */
export async function createWithFreeHandle(
  users: UsersRepository,
  user: Omit<NewUser, 'handle'>,
): Promise<UserRecord> {
  const base = handleFromEmail(user.email);
  const candidates = [
    base,
    ...Array.from({ length: VARIANTS }, () => `${base}_${randomInt(1000, 10000)}`),
  ];
  for (const handle of candidates) {
    try {
      return await users.create({ ...user, handle });
    } catch (error) {
      if (!(error instanceof DuplicateHandleError)) throw error;
    }
  }
  return users.create({ ...user, handle: `user_${randomInt(10 ** 9, 10 ** 10)}` });
}
