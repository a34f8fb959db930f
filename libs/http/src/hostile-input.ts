import { BadRequestException } from '@nestjs/common';

/** Deeper than any payload of ours; past it, validation would recurse until the stack runs out. */
export const MAX_PAYLOAD_DEPTH = 32;

export interface InputProblem {
  field: string;
  message: string;
}

/**
 * The first thing in a decoded payload that no handler should ever see: nesting deeper than
 * MAX_PAYLOAD_DEPTH, or a string that PostgreSQL cannot store (NUL) or that is not well-formed
 * Unicode (a lone surrogate, which breaks validators and JSON columns). Walked with an explicit
 * stack so that hostile depth cannot overflow ours either.
 */
export function findHostileInput(value: unknown, root = 'body'): InputProblem | undefined {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [
    { value, path: root, depth: 0 },
  ];
  while (pending.length > 0) {
    const item = pending.pop() as { value: unknown; path: string; depth: number };
    const problem = textProblem(item.value);
    if (problem) return { field: item.path, message: `${item.path} ${problem}` };
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= MAX_PAYLOAD_DEPTH) {
      return {
        field: item.path,
        message: `${item.path} is nested too deeply (at most ${MAX_PAYLOAD_DEPTH} levels)`,
      };
    }
    for (const [key, child] of Object.entries(item.value)) {
      const keyProblem = textProblem(key);
      if (keyProblem)
        return { field: item.path, message: `a field name in ${item.path} ${keyProblem}` };
      pending.push({ value: child, path: `${item.path}.${key}`, depth: item.depth + 1 });
    }
  }
  return undefined;
}

/** In `u` mode a proper pair is one code point, so only a lone surrogate matches. */
const LONE_SURROGATE = /\p{Cs}/u;

function textProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.includes('\u0000')) return 'must not contain the NUL character';
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (it has a lone surrogate)';
  return undefined;
}

/** A 400 in the shape of every validation error, naming the field. */
export function rejectHostileInput(value: unknown, root?: string): void {
  const problem = findHostileInput(value, root);
  if (!problem) return;
  throw new BadRequestException({
    message: `Validation failed: ${problem.message}`,
    details: [{ field: problem.field, messages: [problem.message] }],
  });
}

const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/i;
/** Fields that hold ids (`id`, `chatId`, `memberIds`, …); text fields are left as they came. */
const ID_FIELD = /^(id|ids)$|Ids?$/;

/**
 * The same value with every id in lower case, as every id of ours is stored and compared: an id in
 * capitals must name the same person or chat, not slip past a check written in JavaScript
 * (PostgreSQL's uuid type ignores case, string comparisons do not). `isId` says the value itself
 * is an id (a route parameter); inside objects, fields named like ids are. Call after the depth
 * check.
 */
export function canonicalUuids(value: unknown, isId = false): unknown {
  if (typeof value === 'string') return isId && UUID.test(value) ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map((item) => canonicalUuids(item, isId));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, canonicalUuids(item, ID_FIELD.test(key))]),
  );
}
