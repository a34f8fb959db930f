import type { OpenAPIObject } from '@nestjs/swagger';

/** Request body schemas (by class name, as @nestjs/swagger names them) and their default bodies. */
const DEFAULT_BODIES = new Map<string, object>();

/**
 * The body Swagger UI's "Try it out" starts from for this DTO. Without it, Swagger UI fills in
 * every property's example, optional ones included (a reply to a message that may not exist), so
 * the default request fails. This one holds only what works as it is; the optional fields and
 * their examples stay visible in the schema. Typed against the class: a key it lacks fails to
 * compile.
 */
export function ApiDefaultBody<T extends object>(example: T) {
  return <C extends abstract new (...args: never[]) => object>(
    target: C & (Exclude<keyof T, keyof InstanceType<C>> extends never ? unknown : never),
  ): void => {
    DEFAULT_BODIES.set(target.name, example);
  };
}

/** Puts each registered default body on its schema and on every request body that uses it. */
export function applyDefaultBodies(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  for (const [name, example] of DEFAULT_BODIES) {
    const schema = schemas[name];
    if (schema && !('$ref' in schema)) schema.example = example;
  }
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.post, item.put, item.patch, item.delete]) {
      const body = operation?.requestBody;
      const content = body && !('$ref' in body) ? body.content['application/json'] : undefined;
      const ref = content?.schema && '$ref' in content.schema ? content.schema.$ref : undefined;
      const example = ref && DEFAULT_BODIES.get(ref.slice(ref.lastIndexOf('/') + 1));
      if (content && example) content.example = example;
    }
  }
}
