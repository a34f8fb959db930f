import { Logger } from '@nestjs/common';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateVAPIDKeys } from 'web-push';
import type { AppConfig } from '@app/config';

/** The key pair Web Push requests are signed with (RFC 8292), base64url as web-push uses them. */
export class VapidKeys {
  constructor(
    readonly publicKey: string,
    readonly privateKey: string,
    /** Whom push services may contact about us (mailto: or https:). */
    readonly subject: string,
  ) {}

  /**
   * Configured keys (every instance of the split deployment must sign with the same pair;
   * production refuses to start without them), or, in a single process with nothing configured,
   * a pair made at first start and kept in DATA_DIR: a new pair would orphan every subscription.
   */
  static load(config: AppConfig): VapidKeys {
    const { vapid, subject } = config.push;
    if (vapid) return new VapidKeys(vapid.publicKey, vapid.privateKey, subject);
    const dir = join(config.dataDir, 'push');
    const file = join(dir, 'vapid-keys.json');
    try {
      const kept = JSON.parse(readFileSync(file, 'utf8')) as Partial<VapidKeys>;
      if (typeof kept.publicKey === 'string' && typeof kept.privateKey === 'string')
        return new VapidKeys(kept.publicKey, kept.privateKey, subject);
    } catch {
      // None yet (or unreadable): make one below.
    }
    const made = generateVAPIDKeys();
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(made), { mode: 0o600 });
    new Logger('Push').log(`Made a VAPID key pair for Web Push in ${file}`);
    return new VapidKeys(made.publicKey, made.privateKey, subject);
  }
}
