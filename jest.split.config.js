/**
 * `npm run test:split`: the split deployment as processes (user-service, two chat-service
 * instances, mail-service, nginx) against the local PostgreSQL, Redis and RabbitMQ. Separate from
 * `npm test` because it restarts the shared RabbitMQ, which the suites running in parallel there use.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/split'],
  testRegex: '\\.split-spec\\.ts$',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: {
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@app/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
    '^@src/(.*)$': '<rootDir>/src/$1',
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  testTimeout: 90000,
  maxWorkers: 1,
};
