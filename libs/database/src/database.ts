import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** The Drizzle handle SQL repositories use; the same API over PGlite and PostgreSQL. */
export type Database = PgDatabase<PgQueryResultHKT>;
