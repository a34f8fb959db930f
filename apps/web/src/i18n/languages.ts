/** The languages the client speaks; the first is the one used when nothing else fits. */
export const LANGUAGES = ['en', 'de'] as const;

export type Language = (typeof LANGUAGES)[number];

/**
 * Each language by its own name: someone who cannot read the current language still finds theirs.
 */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch' };

/** Where a language the person chose is remembered, in this browser. */
export const LANGUAGE_STORAGE_KEY = 'chat.language';

const isLanguage = (code: string): code is Language =>
  (LANGUAGES as readonly string[]).includes(code);

/** "de-AT" → "de": the part of a language tag that names the language. */
const primary = (tag: string): string => tag.split('-')[0].toLowerCase();

/**
 * The language to show: the one the person chose here, else the first of the browser's languages
 * (`navigator.languages`, most wanted first) that the client speaks, else English.
 */
export function pickLanguage(chosen: string | null, preferred: readonly string[]): Language {
  if (chosen && isLanguage(chosen)) return chosen;
  for (const tag of preferred) {
    const code = primary(tag);
    if (isLanguage(code)) return code;
  }
  return LANGUAGES[0];
}

/**
 * The locale dates and numbers are written in: the browser's own tag for the language shown (an
 * "en-GB" browser keeps its 24-hour clock and day-month order in English), else the language.
 */
export function formatLocale(language: Language, preferred: readonly string[]): string {
  return preferred.find((tag) => primary(tag) === language) ?? language;
}
