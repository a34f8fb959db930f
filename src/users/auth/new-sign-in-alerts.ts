import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { SessionStore } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { MailQueue } from '@app/contracts';
import { DurableKeyValueStore } from '@app/kv';

const DAY_MS = 24 * 3600_000;
/** How long a device is remembered as known, and how long the e-mail's link works. */
const KNOWN_DEVICE_MS = 365 * DAY_MS;
const LINK_MS = 7 * DAY_MS;

/**
 * "New sign-in on Firefox on Linux; not you?": an e-mail when someone signs in on a device the
 * account has not used before (its label from the User-Agent), with a link that signs out every
 * session, once. An account's first device is no news. The label is the client's word, so this
 * is a warning for the honest case (a stolen password used elsewhere), not a defence.
 */
@Injectable()
export class NewSignInAlerts {
  private readonly logger = new Logger(NewSignInAlerts.name);

  constructor(
    private readonly kv: DurableKeyValueStore,
    private readonly sessions: SessionStore,
    private readonly mail: MailQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** After a sign-in; never fails it (an e-mail that cannot be queued is logged). */
  async signedIn(userId: string, device: string, sessionId: string): Promise<void> {
    try {
      const known = await this.kv.setMembers(knownKey(userId));
      await this.kv.setAdd(knownKey(userId), [device], KNOWN_DEVICE_MS);
      if (known.length === 0 || known.includes(device)) return;
      const token = randomBytes(32).toString('base64url');
      await this.kv.set(linkKey(token), userId, LINK_MS);
      const origin = this.config.http.webOrigins[0];
      await this.mail.enqueueNewSignIn({
        idempotencyKey: `sign-in:${sessionId}`,
        userId,
        device,
        signedInAt: new Date().toISOString(),
        signOutEverywhereUrl: `${origin}/api/v1/auth/sign-out-everywhere?token=${token}`,
      });
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not send the new sign-in e-mail');
    }
  }

  /** The e-mail's link: ends every session of its person, once. null when used or expired. */
  async signOutEverywhere(token: string): Promise<number | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const userId = await this.kv.get(linkKey(token));
    // Only the caller that deletes the link goes on: it works once.
    if (userId === null || (await this.kv.delete(linkKey(token))) === 0) return null;
    return this.sessions.revokeAllOf(userId);
  }
}

const knownKey = (userId: string) => `sign-in:devices:${userId}`;
const linkKey = (token: string) => `sign-in:sign-out-link:${token}`;
