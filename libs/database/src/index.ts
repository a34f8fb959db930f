export * from './database';
export * from './database.module';
export { openDatabase, migrationsFolder, type DatabaseConnection } from './connection';
export { newId } from './ids';
export { isUniqueViolation } from './errors';
