/**
 * `npm run test:faults`: stops and starts the services under a running app (a private Redis, a
 * private PostgreSQL cluster, the app process itself) and checks what people would notice. Apart
 * from `npm test` because it kills processes and takes minutes; one scenario at a time.
 */
const shared = require('./jest.shared');

/** @type {import('jest').Config} */
module.exports = {
  ...shared,
  roots: ['<rootDir>/test/faults'],
  testRegex: '\\.faults-spec\\.ts$',
  globalSetup: '<rootDir>/test/faults/global-setup.ts',
  testTimeout: 240000,
  maxWorkers: 1,
};
