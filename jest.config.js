const shared = require('./jest.shared');

/** The MongoDB contract runner, run by `npm test` only when TEST_MONGODB_URL names a server. */
const MONGO_CONTRACTS = '/test/contracts/mongo\\.contracts\\.spec\\.ts$';

/** @type {import('jest').Config} */
module.exports = {
  ...shared,
  roots: ['<rootDir>/src', '<rootDir>/libs', '<rootDir>/test', '<rootDir>/tools', '<rootDir>/apps'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: [
    '/node_modules/',
    '/test/browser/',
    '/test/split/',
    // The one allowed skip: no MongoDB server runs here; `npm run test:mongo` runs these contracts
    // on the stand-in, and the global setup prints that they were left out.
    ...(process.env.TEST_MONGODB_URL ? [] : [MONGO_CONTRACTS]),
  ],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
