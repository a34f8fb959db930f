import type { AppConfig } from '@app/config';
import type { OutboundPolicy } from '@app/outbound';

/**
 * The push services of the major browsers: Chrome, Edge (FCM), Firefox (Mozilla autopush),
 * Safari (Apple) and Windows apps (WNS). PUSH_HOSTS adds more (a self-hosted autopush, say).
 */
export const KNOWN_PUSH_HOSTS = [
  'fcm.googleapis.com',
  'updates.push.services.mozilla.com',
  '*.push.apple.com',
  '*.notify.windows.com',
];

/**
 * Where the server may POST a notification: https to a known push service at a public address,
 * checked again on the address actually connected to. The test suites' local push service gets in
 * only through PUSH_TEST_ORIGINS, which the configuration refuses outside NODE_ENV=test.
 */
export function pushEndpointPolicy(config: AppConfig): OutboundPolicy {
  return {
    allowHosts: [...KNOWN_PUSH_HOSTS, ...config.push.extraHosts],
    testOrigins: config.push.testOrigins,
  };
}
