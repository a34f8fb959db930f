import type { Connection, Model, Schema } from 'mongoose';

const DUPLICATE_KEY = 11000;

/** Per connection, each model's registration with its indexes built: asked for by several repositories. */
const ready = new WeakMap<Connection, Map<string, Promise<unknown>>>();

/**
 * The model `name` on `connection`, with the indexes its schema declares created before it is
 * used (Mongoose's autoIndex is off: indexes are built here, at boot, once per model).
 */
export function modelWithIndexes<T>(
  connection: Connection,
  name: string,
  schema: Schema<T>,
): Promise<Model<T>> {
  const models = ready.get(connection) ?? new Map<string, Promise<unknown>>();
  ready.set(connection, models);
  let model = models.get(name) as Promise<Model<T>> | undefined;
  if (!model) {
    const registered = connection.model<T>(name, schema);
    // After init (which creates the collection), so the two never race for it.
    model = registered
      .init()
      .then(() => registered.createIndexes())
      .then(
        () => registered,
        (error: unknown) => {
          models.delete(name);
          throw indexError(name, error);
        },
      );
    models.set(name, model);
  }
  return model;
}

/** MongoDB's duplicate-key error (E11000), optionally on one named index. */
export function isDuplicateKey(error: unknown, index?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== DUPLICATE_KEY) return false;
  return index === undefined || (typeof message === 'string' && message.includes(index));
}

const INDEX_CONFLICTS = new Set([85, 86]);

/** An index that exists under the same name with other keys or options is a deploy step, not a bug. */
function indexError(model: string, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'number' || !INDEX_CONFLICTS.has(code)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(
    `The ${model} indexes on MongoDB differ from this version's (${reason}); drop the index named there and start again, it is rebuilt at boot`,
  );
}
