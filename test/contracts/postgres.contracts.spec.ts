import { runDatabaseContracts } from './registry';
import { sqlDatabase } from './sql-database';

runDatabaseContracts('PostgreSQL', sqlDatabase('PostgreSQL'));
