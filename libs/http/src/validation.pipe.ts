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
    validationError: { target: false, value: false },
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
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
