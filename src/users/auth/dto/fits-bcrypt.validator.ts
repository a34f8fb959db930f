import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

/** bcrypt ignores everything past 72 bytes, so longer passwords would be silently truncated. */
@ValidatorConstraint({ name: 'fitsBcrypt' })
export class FitsBcrypt implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && Buffer.byteLength(value, 'utf8') <= 72;
  }

  defaultMessage(): string {
    return 'password must be at most 72 bytes in UTF-8';
  }
}
