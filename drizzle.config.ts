import { defineConfig } from 'drizzle-kit';

/** `npm run db:generate` turns schema changes into a new SQL migration applied at boot. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/*/persistence/sql/*.table.ts',
  out: './libs/database/migrations',
});
