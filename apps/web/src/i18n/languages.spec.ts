import { formatLocale, pickLanguage } from './languages';

describe('which language the client shows', () => {
  it('follows the browser: the first of its languages the client speaks', () => {
    expect(pickLanguage(null, ['de-AT', 'en-US'])).toBe('de');
    expect(pickLanguage(null, ['fr-FR', 'DE', 'en'])).toBe('de');
    expect(pickLanguage(null, ['en-GB', 'de'])).toBe('en');
  });

  it('is English when the browser names none the client speaks, or none at all', () => {
    expect(pickLanguage(null, ['fr-FR', 'ja'])).toBe('en');
    expect(pickLanguage(null, [])).toBe('en');
  });

  it("keeps the person's own choice over the browser's, unless it is not one it speaks", () => {
    expect(pickLanguage('en', ['de-DE'])).toBe('en');
    expect(pickLanguage('de', ['en-US'])).toBe('de');
    expect(pickLanguage('xx', ['de-DE'])).toBe('de');
  });

  it("writes dates and numbers in the browser's own variant of the language shown", () => {
    expect(formatLocale('en', ['de-CH', 'en-GB'])).toBe('en-GB');
    expect(formatLocale('de', ['de-CH', 'en-GB'])).toBe('de-CH');
    expect(formatLocale('de', ['en-US'])).toBe('de');
  });
});
