import Bowser from 'bowser';

const UNKNOWN = 'Unknown device';
const MAX_LABEL = 80;

/**
 * "Firefox on Linux", "Safari on iOS", from a User-Agent (read with bowser, a kept parser), for the
 * sessions list and the new sign-in e-mail. Anything it cannot read is an unknown device: the
 * header is the client's word, so the label is only a hint and is cut short.
 */
export function deviceLabel(userAgent: string | undefined): string {
  if (!userAgent) return UNKNOWN;
  const parsed = Bowser.parse(userAgent.slice(0, 512));
  const browser = parsed.browser.name;
  const system = parsed.os.name;
  if (!browser && !system) return UNKNOWN;
  const label = browser && system ? `${browser} on ${system}` : (browser ?? system ?? UNKNOWN);
  return label.slice(0, MAX_LABEL);
}
