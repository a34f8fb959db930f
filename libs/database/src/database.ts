import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** The Drizzle handle repositories use; the same API over PGlite and PostgreSQL. */
export type Database = PgDatabase<PgQueryResultHKT>;

/** Injection token for `Database`. */
export const DATABASE = Symbol('DATABASE');
