import type { Connection, Model, Schema } from 'mongoose';

const DUPLICATE_KEY = 11000;

/**
 * The model `name` on `connection`, registered once, with the indexes its schema declares
 * created before it is used (Mongoose's autoIndex is off: indexes are built here, at boot).
 */
export async function modelWithIndexes<T>(
  connection: Connection,
  name: string,
  schema: Schema<T>,
): Promise<Model<T>> {
  const model =
    (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
  await model.createIndexes();
  return model;
}

/** MongoDB's duplicate-key error (E11000), optionally on one named index. */
export function isDuplicateKey(error: unknown, index?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== DUPLICATE_KEY) return false;
  return index === undefined || (typeof message === 'string' && message.includes(index));
}
