/**
 * `npm run test:mongo`: the MongoDB contract suites, on the in-process stand-in of
 * test/mongo-stand-in (not MongoDB: its README says what it cannot show), or on the server
 * TEST_MONGODB_URL names when it is set. The suites are the spec files that call
 * `createMongoTestDatabase`, found when Jest starts; only their MongoDB parts run here (the
 * PGlite and PostgreSQL parts run in `npm test`), plus the stand-in's own spec.
 */
const { readdirSync, readFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const shared = require('./jest.shared');

function specFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : specFiles(path);
    return entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const mongoSuites = ['src', 'libs', 'apps']
  .flatMap((dir) => specFiles(join(__dirname, dir)))
  .filter((file) => readFileSync(file, 'utf8').includes('createMongoTestDatabase('))
  .map((file) => `<rootDir>/${relative(__dirname, file)}`);

/** @type {import('jest').Config} */
module.exports = {
  ...shared,
  roots: ['<rootDir>/src', '<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test/mongo-stand-in'],
  testMatch: [...mongoSuites, '<rootDir>/test/mongo-stand-in/**/*.spec.ts'],
  // The contract suites name their MongoDB describe blocks "<Port> contract: MongoDB".
  testNamePattern: 'contract: MongoDB|MongoDB stand-in',
  globalSetup: '<rootDir>/test/mongo-stand-in/global-setup.ts',
  globalTeardown: '<rootDir>/test/mongo-stand-in/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
