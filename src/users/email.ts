/** E-mail addresses are compared and stored trimmed and lower-cased. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export const MAX_NAME_LENGTH = 64;

/** The name a person starts with when they first sign in by code: their address' local part. */
export const defaultNameFor = (email: string) =>
  (email.split('@')[0] || email).slice(0, MAX_NAME_LENGTH);
