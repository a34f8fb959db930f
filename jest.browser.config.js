/** `npm run test:browser`: the web client in the system Chromium against the built app. */
const shared = require('./jest.shared');

/** @type {import('jest').Config} */
module.exports = {
  ...shared,
  roots: ['<rootDir>/test/browser'],
  testRegex: '\\.browser-spec\\.ts$',
  testTimeout: 180000,
  maxWorkers: 1,
};
