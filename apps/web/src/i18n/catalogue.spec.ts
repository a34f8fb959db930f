import { chat as deChat } from './de/chat';
import { common as deCommon } from './de/common';
import { chat as enChat } from './en/chat';
import { common as enCommon } from './en/common';
import { LANGUAGES, type Language } from './languages';

/** The catalogues as plain data: `tsc` checks their shape; this checks what it cannot. */
type Texts = { readonly [key: string]: string | Texts };

const CATALOGUES: Record<string, Record<Language, Texts>> = {
  common: { en: enCommon, de: deCommon },
  chat: { en: enChat, de: deChat },
};

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every text by its full key: "signIn.title" → "Sign in to Chat". */
function flatten(texts: Texts, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(texts)) {
    if (typeof value === 'string') flat.set(`${prefix}${key}`, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) flat.set(k, v);
  }
  return flat;
}

/** What is filled in ("{{name}}", "{{count, number}}" → "count"), and any markup ("<b>"). */
const slots = (text: string): string[] =>
  [
    ...[...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]),
    ...[...text.matchAll(/<\/?\w+>/g)].map((m) => m[0]),
  ].sort();

/** The keys of a catalogue, plural forms as one ("unread_one", "unread_other" → "unread"). */
const baseKeys = (flat: Map<string, string>) =>
  [...new Set([...flat.keys()].map((key) => key.replace(PLURAL, '')))].sort();

describe.each(Object.entries(CATALOGUES))('the %s catalogue', (_name, byLanguage) => {
  const english = flatten(byLanguage.en);
  const others = LANGUAGES.filter((code) => code !== 'en');

  it.each(others)('has every English key in %s, and no other', (code) => {
    expect(baseKeys(flatten(byLanguage[code]))).toEqual(baseKeys(english));
  });

  it.each(others)('fills in the same values and markup in %s as in English', (code) => {
    const translated = flatten(byLanguage[code]);
    const differ = [...english]
      .filter(([key, text]) => translated.has(key) && !sameSlots(text, translated.get(key)!))
      .map(([key]) => key);
    expect(differ).toEqual([]);
  });

  it.each([...LANGUAGES])('has each plural form %s needs (Intl.PluralRules)', (code) => {
    const flat = flatten(byLanguage[code]);
    const needed = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
    const plurals = baseKeys(english).filter((key) => english.has(`${key}_other`));
    const missing = plurals.flatMap((key) =>
      needed.filter((form) => !flat.has(`${key}_${form}`)).map((form) => `${key}_${form}`),
    );
    expect(missing).toEqual([]);
  });
});

/** A plural form may leave the number out ("one message"); every other slot must be there. */
function sameSlots(english: string, translated: string): boolean {
  const withoutCount = (list: string[]) => list.filter((slot) => slot !== 'count');
  return (
    JSON.stringify(withoutCount(slots(english))) === JSON.stringify(withoutCount(slots(translated)))
  );
}
