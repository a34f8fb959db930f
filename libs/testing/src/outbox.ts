import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The e-mails the outbox transport wrote to `dir`, oldest first, as raw RFC 822 text. */
export function outboxMessages(dir: string, to?: string): string[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort();
  } catch {
    return [];
  }
  const messages = files.map((f) => readFileSync(join(dir, f), 'utf8'));
  return to
    ? messages.filter((m) => new RegExp(`^To: ${escapeRegExp(to)}$`, 'mi').test(m))
    : messages;
}

/**
 * Waits for the `count`-th sign-in e-mail to `to` (mail is written in the background) and returns
 * its code, read from the subject line as a person would.
 */
export async function waitForOtpCode(
  dir: string,
  to: string,
  count = 1,
  timeoutMs = 5000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = outboxMessages(dir, to);
    if (messages.length >= count) {
      const code = /^Subject: Your sign-in code: (\d{6})$/m.exec(messages[count - 1])?.[1];
      if (!code) throw new Error(`E-mail to ${to} has no sign-in code:\n${messages[count - 1]}`);
      return code;
    }
    if (Date.now() > deadline)
      throw new Error(`No sign-in e-mail #${count} to ${to} in ${dir} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
