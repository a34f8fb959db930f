import { Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';

/** Trims strings before validation; leaves other types for the validators to reject. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Trims and lower-cases e-mail addresses before validation. */
export const NormalizeEmail = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  );

/**
 * Like `@IsOptional()` for fields that may be left out but never set to `null` (which
 * `@IsOptional()` would let through to the database).
 */
export const OmittableNotNull = () =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);
