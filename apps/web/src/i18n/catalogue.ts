/** The plural forms a language may need beyond English's `_one` and `_other` (CLDR's names). */
type ExtraPluralForm = 'zero' | 'two' | 'few' | 'many';

/**
 * What a translation of the English catalogue `T` must be: every key of it, each text a string
 * (any wording), and nothing else, so a missing or misspelt key fails `tsc`. A plural
 * (`key_one`, `key_other`) may add the forms its language needs (`key_few`, …).
 */
export type Translation<T> = {
  -readonly [K in keyof T]: T[K] extends string ? string : Translation<T[K]>;
} & {
  [K in keyof T as K extends `${infer Base}_other` ? `${Base}_${ExtraPluralForm}` : never]?: string;
};
