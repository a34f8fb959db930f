import type { MongoStandIn } from './server';
import { STAND_IN_KEY } from './global-setup';

/** Stops the stand-in global setup started, if it started one. */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as typeof globalThis & { [STAND_IN_KEY]?: MongoStandIn };
  const standIn = holder[STAND_IN_KEY];
  delete holder[STAND_IN_KEY];
  await standIn?.stop();
}
