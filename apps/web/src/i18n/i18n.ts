import { createInstance } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { common as de } from './de/common';
import type { chat } from './en/chat';
import { common as en } from './en/common';
import { formatList, formatNumber, setFormatLocale } from './format';
import {
  formatLocale,
  LANGUAGE_STORAGE_KEY,
  pickLanguage,
  type Language,
  LANGUAGES,
} from './languages';
import type { Translation } from './catalogue';

declare module 'i18next' {
  // Keys and the values they fill in are checked by `tsc`: `t('chatList.typo')` does not build.
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: { common: typeof en; chat: typeof chat };
  }
}

/** The browser's languages, most wanted first (none where there is no browser, as in unit tests). */
function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

function storedLanguage(): string | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    // storage refused (private mode, blocked cookies): the browser's language decides
    return null;
  }
}

/** The sign-in screen's texts in every language: each language must have them all. */
const COMMON: Record<Language, Translation<typeof en>> = { en, de };

/**
 * The one i18next of the client. Initialised on import, synchronously (the catalogues are in the
 * bundle), so the first render is already in the right language.
 */
export const i18n = createInstance();

i18n.on('languageChanged', (language) => {
  setFormatLocale(formatLocale(pickLanguage(language, []), browserLanguages()));
  // Screen readers pick their voice, and browsers their hyphenation, from <html lang>.
  if (typeof document !== 'undefined') document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  lng: pickLanguage(storedLanguage(), browserLanguages()),
  fallbackLng: LANGUAGES[0],
  supportedLngs: LANGUAGES,
  resources: Object.fromEntries(LANGUAGES.map((code) => [code, { common: COMMON[code] }])),
  ns: ['common'],
  defaultNS: 'common',
  // React escapes what it renders, and notifications are plain text: escaping here would show
  // "&amp;" for "&".
  interpolation: { escapeValue: false },
  initAsync: false,
  react: { useSuspense: false },
});

// `{{count, number}}` and `{{names, list}}` in the catalogue are written as the rest of the page
// (format.ts: the browser's variant of the language, "de-CH" too).
i18n.services.formatter?.add('number', (value: unknown) => formatNumber(Number(value)));
i18n.services.formatter?.add('list', (value: unknown) =>
  formatList(Array.isArray(value) ? value.map(String) : [String(value)]),
);
// "Close group info": a title used inside a sentence (English wants it in lower case).
i18n.services.formatter?.add('lowercase', (value: unknown, language: string | undefined) =>
  String(value).toLocaleLowerCase(language),
);

/** The language shown now. */
export const currentLanguage = (): Language => pickLanguage(i18n.language, []);

/** Shows the client in `language` from now on, in this browser, whatever the browser prefers. */
export function chooseLanguage(language: Language): Promise<unknown> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // not remembered: this visit is still in the chosen language
  }
  return i18n.changeLanguage(language);
}

/**
 * `t` for the sign-in screen's and shared texts outside React (the API client, which the sign-in
 * screen uses too): in the language shown at the call.
 */
export const commonText = i18n.getFixedT(null, 'common');

/** `t` for the sign-in screen's and shared texts in a component (renders again on a change). */
export const useCommonText = () => useTranslation().t;
