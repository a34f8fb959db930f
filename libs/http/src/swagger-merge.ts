import type { OpenAPIObject } from '@nestjs/swagger';

type PathItem = OpenAPIObject['paths'][string];
type Schemas = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>;

/** One service's own document, as it serves it at `/docs/<service>-json`. */
export interface ServiceDocument {
  service: string;
  document: OpenAPIObject;
}

/**
 * The services' documents as one: every path, schema, tag and security scheme. Paths that every
 * app has for itself (`/health`, `/metrics`) are left to `shared`, which says what the one origin
 * answers there. Two services' schemas of one name are one schema when they are the same (the
 * shared DTOs); when they differ, the later one is renamed `<service>_<name>` in its own paths, so
 * no route points at another service's shape.
 */
export function mergeDocuments(
  parts: ServiceDocument[],
  base: Omit<OpenAPIObject, 'paths'>,
  shared: Record<string, PathItem>,
): OpenAPIObject {
  const paths: Record<string, PathItem> = {};
  const schemas: Schemas = {};
  const tags = new Map<string, { name: string; description?: string }>();
  const securitySchemes = { ...base.components?.securitySchemes };
  for (const { service, document } of parts) {
    const renamed = new Map<string, string>();
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
      const taken = schemas[name];
      if (taken === undefined || JSON.stringify(taken) === JSON.stringify(schema)) continue;
      renamed.set(name, `${service}_${name}`);
    }
    const own = renamed.size > 0 ? renameRefs(document, renamed) : document;
    for (const [name, schema] of Object.entries(own.components?.schemas ?? {})) {
      schemas[renamed.get(name) ?? name] ??= schema;
    }
    for (const [path, item] of Object.entries(own.paths)) {
      if (!(path in shared)) paths[path] ??= item;
    }
    for (const tag of own.tags ?? []) if (!tags.has(tag.name)) tags.set(tag.name, tag);
    Object.assign(securitySchemes, own.components?.securitySchemes);
  }
  return {
    ...base,
    paths: { ...paths, ...shared },
    tags: [...tags.values()],
    components: { ...base.components, schemas, securitySchemes },
  };
}

/** The document with every `$ref` to a renamed schema (and that schema's own key) renamed. */
function renameRefs(document: OpenAPIObject, renamed: Map<string, string>): OpenAPIObject {
  const prefix = '#/components/schemas/';
  const json = JSON.stringify(document, (key, value: unknown) => {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(prefix)) {
      const target = renamed.get(value.slice(prefix.length));
      return target ? prefix + target : value;
    }
    return value;
  });
  const copy = JSON.parse(json) as OpenAPIObject;
  const schemas = copy.components?.schemas ?? {};
  for (const [from, to] of renamed) {
    schemas[to] = schemas[from];
    delete schemas[from];
  }
  return copy;
}
