export * from './database';
export * from './database.module';
export {
  openDatabase,
  migrationsFolder,
  type DatabaseConnection,
  type SqlDatabaseConnection,
} from './connection';
export type { MongoDatabaseConnection } from './mongo-connection';
export { claimEmbeddedDatabase, lockFileOf } from './embedded-database-lock';
export { newId } from './ids';
export { executePrepared } from './prepared';
export { isUniqueViolation } from './errors';
export { modelWithIndexes, isDuplicateKey } from './mongo-models';
