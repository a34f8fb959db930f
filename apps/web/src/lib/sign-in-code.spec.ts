import { normalizeSignInCode } from './sign-in-code';

describe('normalizeSignInCode', () => {
  it('keeps the six digits of a code pasted with a space, a dash or around text', () => {
    expect(normalizeSignInCode('123 456')).toBe('123456');
    expect(normalizeSignInCode('123-456')).toBe('123456');
    expect(normalizeSignInCode(' Your code: 123 456. ')).toBe('123456');
  });

  it('cuts to six digits only after the separators are gone', () => {
    expect(normalizeSignInCode('1 2 3 4 5 6 7')).toBe('123456');
    expect(normalizeSignInCode('12')).toBe('12');
  });
});
