import { isPlainObject, type Doc } from './documents';
import { CommandError } from './errors';
import { compileFilter, type Predicate } from './matching';
import type { Collection } from './store';

/**
 * Document validation (`create` / `collMod` with `validator`), as MongoDB's default
 * `validationLevel: 'strict'` and `validationAction: 'error'` apply it: every inserted or updated
 * document must match the validator, else the write fails with DocumentValidationFailure (121).
 * Validators are query filters; `$jsonSchema` is not supported, and `moderate` is taken as
 * `strict` (it would spare updates of documents that were already invalid).
 */
const LEVELS = ['off', 'strict', 'moderate'] as const;
const ACTIONS = ['error', 'warn'] as const;

export interface ValidationOptions {
  readonly validator?: Doc;
  readonly validationLevel?: (typeof LEVELS)[number];
  readonly validationAction?: (typeof ACTIONS)[number];
}

const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);

const compiled = new WeakMap<Doc, Predicate>();

/** The validation options of a command, checked; only those it names. */
export function parseValidationOptions(body: Doc): ValidationOptions {
  const options: { -readonly [K in keyof ValidationOptions]: ValidationOptions[K] } = {};
  if (body.validator !== undefined) {
    if (!isPlainObject(body.validator)) {
      throw new CommandError('TypeMismatch', 'validator must be a document');
    }
    if (JSON.stringify(body.validator).includes('"$jsonSchema"')) {
      throw new CommandError('InvalidOptions', 'the stand-in does not support $jsonSchema');
    }
    compileFilter(body.validator, []);
    options.validator = body.validator;
  }
  if (body.validationLevel !== undefined) {
    if (!isOneOf(LEVELS, body.validationLevel)) {
      throw new CommandError('BadValue', 'validationLevel must be off, strict or moderate');
    }
    options.validationLevel = body.validationLevel;
  }
  if (body.validationAction !== undefined) {
    if (!isOneOf(ACTIONS, body.validationAction)) {
      throw new CommandError('BadValue', 'validationAction must be error or warn');
    }
    options.validationAction = body.validationAction;
  }
  return options;
}

/** Throws MongoDB's DocumentValidationFailure when `doc` may not be stored in `collection`. */
export function checkValidation(collection: Collection, doc: Doc): void {
  const { validator, validationLevel, validationAction } = collection.validation;
  if (!validator || validationLevel === 'off' || validationAction === 'warn') return;
  let matches = compiled.get(validator);
  if (!matches) {
    matches = compileFilter(validator, []);
    compiled.set(validator, matches);
  }
  if (!matches(doc)) {
    throw new CommandError('DocumentValidationFailure', 'Document failed validation', {
      errInfo: { failingDocumentId: doc._id },
    });
  }
}
