import type { RouteHandler } from './app-child';

/** The part of an OpenAPI 3 document the generators read. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minLength?: number;
  minItems?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface RawOperation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, unknown>;
  security?: Array<Record<string, string[]>>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, Schema> };
  security?: Array<Record<string, string[]>>;
}

/** One path × method of the document, with what a case generator needs. */
export interface Operation {
  method: string;
  /** As in the document: `/api/v1/chats/{id}`. */
  path: string;
  operationId: string;
  parameters: Parameter[];
  /** Media type → schema of the request body, if it takes one. */
  body?: { contentType: string; schema: Schema; required: boolean };
  /** Status codes the operation documents, e.g. 503 for "try again later". */
  documentedStatuses: number[];
  /** Needs no credentials (see `classifyPublic`). */
  isPublic: boolean;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

export async function fetchOpenApi(baseUrl: string): Promise<OpenApiDocument> {
  const res = await fetch(`${baseUrl}/docs-json`);
  if (res.status !== 200) throw new Error(`/docs-json answered ${res.status}`);
  return (await res.json()) as OpenApiDocument;
}

/** Follows `$ref`s into `components.schemas` and merges `allOf`. */
export function resolveSchema(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolveSchema(doc, doc.components?.schemas?.[name]);
  }
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => resolveSchema(doc, part));
    return parts.reduce<Schema>(
      (merged, part) => ({
        ...merged,
        ...part,
        properties: { ...merged.properties, ...part.properties },
        required: [...(merged.required ?? []), ...(part.required ?? [])],
      }),
      { ...schema, allOf: undefined },
    );
  }
  return schema;
}

/**
 * `resolveSchema` all the way down: nested objects (a push subscription's `keys`, a renewal's
 * `subscription`) are `$ref`s too, and a generator that cannot see into them makes a string of
 * them, so no case would ever be well-formed below the top level.
 */
export function resolveDeep(doc: OpenApiDocument, schema: Schema | undefined, depth = 0): Schema {
  const resolved = resolveSchema(doc, schema);
  if (depth >= 8) return resolved;
  const { properties, items } = resolved;
  return {
    ...resolved,
    ...(properties && {
      properties: Object.fromEntries(
        Object.entries(properties).map(([key, sub]) => [key, resolveDeep(doc, sub, depth + 1)]),
      ),
    }),
    ...(items && { items: resolveDeep(doc, items, depth + 1) }),
  };
}

/**
 * Whether an operation needs no credentials. An operation-level `security: []` (or a list holding
 * an empty requirement) is the document's own word and wins; the app marks its `@Public()` routes
 * so. Otherwise the route handler's `@Public()` metadata decides, looked up by operationId. An
 * operation the app does not report is protected: if it is in fact public, the authorization
 * matrix fails and says so.
 */
function classifyPublic(op: RawOperation, handlers: Map<string, RouteHandler>): boolean {
  if (op.security)
    return op.security.length === 0 || op.security.some((r) => Object.keys(r).length === 0);
  return handlers.get(op.operationId ?? '')?.isPublic ?? false;
}

export function listOperations(doc: OpenApiDocument, handlers: RouteHandler[]): Operation[] {
  const byId = new Map(handlers.map((h) => [h.operationId, h]));
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const content = Object.entries(op.requestBody?.content ?? {})[0];
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId ?? `${method} ${path}`,
        parameters: (op.parameters ?? []).map((p) => ({
          ...p,
          schema: resolveSchema(doc, p.schema),
        })),
        body: content && {
          contentType: content[0],
          schema: resolveDeep(doc, content[1].schema),
          required: op.requestBody?.required ?? false,
        },
        documentedStatuses: Object.keys(op.responses ?? {}).map(Number),
        isPublic: classifyPublic(op, byId),
      });
    }
  }
  return operations;
}

/** Route handlers the app has but the document lacks: the matrix could not cover them. */
export function undocumentedHandlers(operations: Operation[], handlers: RouteHandler[]): string[] {
  const documented = new Set(operations.map((op) => op.operationId));
  return handlers.map((h) => h.operationId).filter((id) => !documented.has(id));
}
