/**
 * `npm run test:split`: the split deployment as processes (user-service, two chat-service
 * instances, mail-service, nginx) against the local PostgreSQL, Redis and RabbitMQ. Separate from
 * `npm test` because it restarts the shared RabbitMQ, which the suites running in parallel there use.
 */
const shared = require('./jest.shared');

/** @type {import('jest').Config} */
module.exports = {
  ...shared,
  roots: ['<rootDir>/test/split'],
  testRegex: '\\.split-spec\\.ts$',
  globalSetup: '<rootDir>/test/global-setup.ts',
  testTimeout: 90000,
  maxWorkers: 1,
};
