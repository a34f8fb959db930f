import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Host names and the answers successive lookups of each get, for the test suites' resolver:
 * `rebind.test=8.8.8.8>127.0.0.1,mixed.test=8.8.8.8+10.0.0.1` (`>` between lookups, the last
 * answer repeating; `+` between the addresses of one answer; names as looked up, so an IDN in
 * its xn-- form).
 */
export type ScriptedHosts = Record<string, string[][]>;

export const scriptedHosts = z.string().transform((raw, ctx): ScriptedHosts => {
  const hosts: ScriptedHosts = {};
  for (const entry of raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [name = '', script = ''] = entry.split('=', 2);
    const host = name.trim().toLowerCase();
    const answers = script.split('>').map((answer) => answer.split('+').map((a) => a.trim()));
    const valid =
      /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host) &&
      answers.every((answer) => answer.every((address) => isIP(address) !== 0));
    if (!valid) {
      ctx.addIssue({
        code: 'custom',
        message: `"${entry}" is not like name.test=8.8.8.8>127.0.0.1 (a host, then addresses)`,
      });
      continue;
    }
    hosts[host] = answers;
  }
  return hosts;
});
