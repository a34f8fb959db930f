import 'reflect-metadata';
import { claimEmbeddedDatabase } from '@app/database';
import { boot } from '@app/http';
import { createApp } from './create-app';

void boot({
  start: async (config) => {
    // A second process on the same DATA_DIR stops here, before the app touches anything in it.
    if (config.database.kind === 'pglite') claimEmbeddedDatabase(config.database.dataDir);
    return createApp(config);
  },
});
