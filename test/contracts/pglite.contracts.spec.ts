import { runDatabaseContracts } from './registry';
import { sqlDatabase } from './sql-database';

runDatabaseContracts('PGlite', sqlDatabase('PGlite'));
