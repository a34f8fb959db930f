/**
 * `npm run test:mongo`: the repository contracts on MongoDB, on the in-process stand-in of
 * test/mongo-stand-in (not MongoDB: its README says what it cannot show), or on the server
 * TEST_MONGODB_URL names when it is set, plus the stand-in's own specs. The MongoDB runner is
 * named here, not found: test/contracts/registry.spec.ts fails when it is missing from this list.
 * (The PGlite and PostgreSQL runners run in `npm test`.)
 */
const shared = require('./jest.shared');

/** @type {import('jest').Config} */
module.exports = {
  ...shared,
  roots: ['<rootDir>/test/contracts', '<rootDir>/test/mongo-stand-in'],
  testMatch: [
    '<rootDir>/test/contracts/mongo.contracts.spec.ts',
    '<rootDir>/test/mongo-stand-in/**/*.spec.ts',
  ],
  globalSetup: '<rootDir>/test/mongo-stand-in/global-setup.ts',
  globalTeardown: '<rootDir>/test/mongo-stand-in/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
