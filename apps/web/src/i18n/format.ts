/** The locale of the language shown (`formatLocale`), kept up to date by `i18n.ts`. */
let locale = 'en';

export function setFormatLocale(next: string): void {
  locale = next;
}

export const currentLocale = (): string => locale;

/**
 * Dates, times and numbers written the way the language shown writes them (`Intl`, in
 * `currentLocale()`). Formatters are kept per locale and style: making one is the slow part, and a
 * chat list makes a time per row on every render.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = currentLocale();
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(key, format);
  }
  return format;
}

/** "13:14", or "01:14 PM" where the locale's clock has 12 hours. */
export const formatTime = (date: Date): string =>
  dateFormat({ hour: '2-digit', minute: '2-digit' }).format(date);

/** "3 Dec" ("3. Dez."), with the year only when it is not `now`'s; with `weekday`, "Wed, 3 Dec". */
export function formatDay(date: Date, now: Date, { weekday = false } = {}): string {
  return dateFormat({
    weekday: weekday ? 'short' : undefined,
    day: 'numeric',
    month: 'short',
    year: date.getFullYear() === now.getFullYear() ? undefined : 'numeric',
  }).format(date);
}

/** "4,000" ("4.000"). */
export function formatNumber(value: number): string {
  const locale = currentLocale();
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

/** "you, bob and eve" ("du, bob und eve"). */
export const formatList = (items: readonly string[]): string =>
  new Intl.ListFormat(currentLocale()).format(items);
