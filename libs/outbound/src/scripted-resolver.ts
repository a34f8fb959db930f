import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import type { ResolveHost } from './address-guards';

/**
 * Host names and what each successive lookup of them answers: `answers[0]` the first time,
 * `answers[1]` the second, and the last one from then on. One answer is a list of addresses.
 */
export type ScriptedAnswers = ReadonlyMap<string, ReadonlyArray<readonly string[]>>;

/** A resolver that answers from a script, and the names it was asked, in order. */
export interface ScriptedResolver {
  resolve: ResolveHost;
  asked: string[];
}

/**
 * FOR TEST SUITES ONLY: a resolver that answers from `answers` and nothing else (any other name
 * has no address), so that a suite can point a name at a private address, or change its answer
 * between two lookups (DNS rebinding), without a DNS server. Callers build it from an explicit
 * test-only setting that the configuration refuses outside NODE_ENV=test.
 */
export function scriptedResolver(answers: ScriptedAnswers): ScriptedResolver {
  const asked: string[] = [];
  const times = new Map<string, number>();
  const resolve: ResolveHost = (hostname) => {
    const name = hostname.toLowerCase();
    asked.push(name);
    const script = answers.get(name);
    if (!script || script.length === 0) {
      const error = Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' });
      return Promise.reject(error);
    }
    const time = times.get(name) ?? 0;
    times.set(name, time + 1);
    const answer = script[Math.min(time, script.length - 1)];
    return Promise.resolve(
      answer.map((address): LookupAddress => ({ address, family: isIP(address) === 6 ? 6 : 4 })),
    );
  };
  return { resolve, asked };
}
