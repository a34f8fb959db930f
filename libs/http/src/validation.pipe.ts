import {
  ArgumentMetadata,
  BadRequestException,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import type { FieldError } from '@app/contracts';
import { canonicalUuids, rejectHostileInput } from './hostile-input';

/**
 * Whitelisting, typed, and a 400 whose `details` name every offending field. Before any of that,
 * input too deep to validate or holding text no store accepts is refused, and ids are put in lower
 * case (see hostile-input.ts).
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    rejectHostileInput(value, metadata.data ?? metadata.type);
    return super.transform(canonicalUuids(value, metadata.type === 'param'), metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    // The value tells a missing field from a wrong one (see `messagesOf`); it never leaves here.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const summary = details.map((d) => d.messages.join(', ')).join('; ');
      return new BadRequestException({ message: `Validation failed: ${summary}`, details });
    },
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: messagesOf(error, field) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * A field that is absent fails every rule of its type at once ("must be a string", "may contain
 * letters, digits…", "must be shorter than…"), which hides the one thing wrong: it is required.
 * Optional fields are not validated when absent, so an absent field with errors is a required
 * one. Its `@IsDefined` message, when it has one, says more (what else it may be).
 */
function messagesOf(error: ValidationError, field: string): string[] {
  const constraints = error.constraints ?? {};
  if (error.value !== undefined) return Object.values(constraints);
  return [constraints.isDefined ?? `${field} is required`];
}
