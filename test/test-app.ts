import type { TestApp } from '@app/testing';
// The file itself rather than the '@app/testing' index: the adversarial suites' child process
// loads only what booting the app needs.
import { startTestAppWith } from '../libs/testing/src/test-app';
import { createApp } from '../src/create-app';

/**
 * Boots the real single-process app for a test (see `startTestAppWith`). It lives here, not in
 * libs/testing, because libraries must not import the app in src/.
 */
export function startTestApp(env?: Record<string, string>, dataDir?: string): Promise<TestApp> {
  return startTestAppWith(createApp, env, dataDir);
}
