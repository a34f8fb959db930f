import { runInNewContext } from 'node:vm';
import { ERROR_CODES, isErrorCode } from '@app/contracts';
import { resolveSchema, type OpenApiDocument, type Schema } from './adversarial/harness/openapi';

/** The parts of the document Swagger UI reads for "Try it out" and for its error examples. */
export type SampledSchema = Schema & { example?: unknown; default?: unknown };
type MediaType = { schema?: SampledSchema; example?: unknown };

export interface DocumentedOperation {
  description?: string;
  requestBody?: { content?: Record<string, MediaType> };
  responses: Record<string, { description?: string; content?: Record<string, MediaType> }>;
  security?: Array<Record<string, string[]>>;
}

export type SwaggerDocument = OpenApiDocument & {
  info: { description?: string };
  paths: Record<string, Record<string, DocumentedOperation>>;
  components: { securitySchemes?: Record<string, unknown> };
};

/** Every documented operation, as `[method, path, operation]`. */
export function operationsOf(doc: SwaggerDocument): Array<[string, string, DocumentedOperation]> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]): [string, string, DocumentedOperation] => [
      method,
      path,
      op,
    ]),
  );
}

/**
 * The JSON body Swagger UI puts in "Try it out" for an operation, the way it builds it: the media
 * type's example, else the schema's, else one made of every property's example (optional ones
 * included) or a placeholder of its type.
 */
export function defaultBody(doc: SwaggerDocument, method: string, path: string): unknown {
  const media = doc.paths[path]?.[method]?.requestBody?.content?.['application/json'];
  if (!media) throw new Error(`${method.toUpperCase()} ${path} takes no JSON body`);
  return media.example ?? sample(doc, media.schema);
}

function sample(doc: SwaggerDocument, raw: SampledSchema | undefined): unknown {
  const schema: SampledSchema = resolveSchema(doc, raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [
          name,
          sample(doc, property),
        ]),
      );
    case 'array':
      return [sample(doc, schema.items)];
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return true;
    default:
      return placeholderString(schema.format);
  }
}

/** What Swagger UI writes for a string it has no example of. */
function placeholderString(format: string | undefined): string {
  if (format === 'uuid') return '3fa85f64-5717-4562-b3fc-2c963f66afa6';
  if (format === 'date-time') return new Date().toISOString();
  if (format === 'email') return 'user@example.com';
  return 'string';
}

/**
 * The options Swagger UI is started with, read by running the page's `swagger-ui-init.js` against
 * a stand-in for the browser and the Swagger UI bundle: what the browser would run, functions
 * (request interceptors) included.
 */
export function swaggerUiOptions(initJs: string): Record<string, unknown> {
  let started: Record<string, unknown> | undefined;
  const bundle = Object.assign(
    (options: Record<string, unknown>) => {
      started = options;
      return {};
    },
    { presets: { apis: {} }, plugins: { DownloadUrl: {} } },
  );
  const window: { location: object; onload?: () => void } = {
    location: { search: '', origin: 'http://localhost' },
  };
  runInNewContext(initJs, { window, SwaggerUIBundle: bundle, SwaggerUIStandalonePreset: {} });
  window.onload?.();
  if (!started) throw new Error('swagger-ui-init.js did not start Swagger UI');
  return started;
}

/**
 * The routes anyone may call: health and metrics, signing in, the Web Push key, and the service
 * worker's renewal of a subscription (proved by the old subscription's secret instead).
 */
export const PUBLIC_ROUTES = [
  'GET /api/v1/push/vapid-public-key',
  'GET /api/v1/auth/sign-out-everywhere',
  'POST /api/v1/auth/sign-out-everywhere',
  'PUT /api/v1/push/subscriptions/renewal',
  'GET /health',
  'GET /health/ready',
  'GET /metrics',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/otp/request',
  'POST /api/v1/auth/otp/verify',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/register',
].sort();

/**
 * Every error response of every route that lacks an example of its own status and code, or shares
 * one with another status, as `METHOD /path status: example`: what reading them in Swagger UI
 * would show wrong. Empty when all is well.
 */
export function errorExampleProblems(doc: SwaggerDocument): string[] {
  return operationsOf(doc).flatMap(([method, path, op]) => {
    const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
    const shown = errors.map(([status, response]) => {
      const media = response.content?.['application/json'];
      const example = media?.example ?? media?.schema?.example;
      return { status: Number(status), example, apiError: isApiError(media?.schema) };
    });
    const misfits = shown
      .filter(({ status, example, apiError }) => !fits(status, example, apiError))
      .map(({ status, example }) => `${status}: ${JSON.stringify(example)}`);
    const distinct = new Set(shown.map(({ example }) => JSON.stringify(example))).size;
    if (distinct < shown.length) misfits.push('two statuses share an example');
    return misfits.map((problem) => `${method.toUpperCase()} ${path} ${problem}`);
  });
}

const isApiError = (schema: { $ref?: string } | undefined) =>
  schema?.$ref === '#/components/schemas/ApiErrorDto';

/** An API error example carries its status and a code of that status; any other needs one at all. */
function fits(status: number, example: unknown, apiError: boolean): boolean {
  if (!apiError) return example !== undefined;
  const { statusCode, code } = (example ?? {}) as { statusCode?: unknown; code?: unknown };
  return statusCode === status && isErrorCode(code) && ERROR_CODES[code].status === status;
}
