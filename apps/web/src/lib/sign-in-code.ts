/** Digits in a sign-in code. */
export const SIGN_IN_CODE_LENGTH = 6;

/**
 * A sign-in code as typed or pasted: spaces, dashes and anything else that is not a digit are
 * dropped before it is cut to length, so "123 456" and "123-456" are both the code 123456 (an
 * input's own maxLength would cut the pasted text first and keep "12345").
 */
export function normalizeSignInCode(raw: string): string {
  return raw.replace(/\D/g, '').slice(0, SIGN_IN_CODE_LENGTH);
}
