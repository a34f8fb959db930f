import { DECORATORS } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';

type Dto = abstract new (...args: never[]) => object;
/** class-validator's record of one rule on one property (its type is not exported by name). */
type ValidationMetadata = ReturnType<
  ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']
>[number];

/** One row of a payload's field table. */
interface FieldRow {
  field: string;
  type: string;
  required: boolean;
  limits: string[];
  notes: string;
}

/**
 * The field table of a payload, read from the rules its DTO validates with (class-validator's
 * metadata: the same the server applies, so the page cannot promise other limits) and the notes
 * of its `@ApiProperty` descriptions. Fields come in the order of `first` (the event's example),
 * then the others; a nested DTO's fields follow their parent as `parent[].field`.
 */
export function fieldTable(dto: Dto, first: string[]): string[] {
  const rows = fieldRows(dto, '', first);
  return [
    '| field | type | required | limits | notes |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| \`${row.field}\` | ${row.type} | ${row.required ? 'yes' : 'no'} | ${row.limits.join('; ')} | ${row.notes} |`,
    ),
  ];
}

function fieldRows(dto: Dto, prefix: string, first: string[]): FieldRow[] {
  const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const properties = [...new Set(rules.map((rule) => rule.propertyName))].sort(
    (a, b) => rank(first, a) - rank(first, b),
  );
  return properties.flatMap((property) => {
    const own = rules.filter((rule) => rule.propertyName === property);
    const field = `${prefix}${property}`;
    const nested = own.find((rule) => rule.type === 'nestedValidation');
    const row: FieldRow = {
      field,
      type: typeOf(own, nested !== undefined),
      required: !own.some((rule) => rule.name === 'isOptional'),
      limits: own.flatMap(limitOf).reverse(),
      notes: notesOf(dto, property),
    };
    if (!nested) return [row];
    const element = nestedClass(dto, property, nested.each === true);
    return [row, ...fieldRows(element, `${field}${nested.each ? '[]' : ''}.`, [])];
  });
}

const rank = (order: string[], name: string) =>
  order.includes(name) ? order.indexOf(name) : order.length;

function typeOf(rules: ValidationMetadata[], nested: boolean): string {
  const named = (name: string) => rules.find((rule) => rule.name === name);
  const element = named('isUuid')
    ? 'UUID'
    : named('isInt')
      ? 'integer'
      : named('isOneEmoji')
        ? 'string (one emoji)'
        : nested
          ? 'object'
          : named('isString')
            ? 'string'
            : 'any';
  return named('isArray') ? `${element}[]` : element;
}

/** Each rule in words; the type rules (string, integer, UUID, array) are the type column. */
function limitOf(rule: ValidationMetadata): string[] {
  const [a] = (rule.constraints ?? []) as unknown[];
  switch (rule.name) {
    case 'maxLength':
      return [`at most ${String(a)} characters`];
    case 'isNotEmpty':
      return ['not empty'];
    case 'matches':
      return [typeof rule.message === 'string' ? rule.message : `matches ${String(a)}`];
    case 'min':
      return [`at least ${String(a)}`];
    case 'max':
      return [`at most ${String(a)}`];
    case 'arrayMaxSize':
      return [`at most ${String(a)} items`];
    case 'arrayUnique':
      return ['no repeats'];
    case 'isOneEmoji':
      return ['one grapheme, at most 32 UTF-8 bytes'];
    default:
      return [];
  }
}

/** The `@ApiProperty` description of a field, where the DTO (or the one it extends) has one. */
function notesOf(dto: Dto, property: string): string {
  const swagger = Reflect.getMetadata(
    DECORATORS.API_MODEL_PROPERTIES,
    dto.prototype as object,
    property,
  ) as { description?: string } | undefined;
  return swagger?.description ?? '';
}

/**
 * The class a nested field is validated as: class-transformer keeps its `@Type()` target with no
 * public accessor, so a sample is turned into the DTO and the element's class read off it.
 */
function nestedClass(dto: Dto, property: string, each: boolean): Dto {
  const sample = { [property]: each ? [{}] : {} };
  const instance = plainToInstance(dto as unknown as new () => object, sample) as Record<
    string,
    unknown
  >;
  const value = instance[property];
  const element = (Array.isArray(value) ? value[0] : value) as object;
  return element.constructor as Dto;
}
