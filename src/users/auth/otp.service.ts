import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { MailQueue, type AuthSession } from '@app/contracts';
import { TooManyRequestsError } from '@app/http';
import { DurableKeyValueStore } from '@app/kv';
import { UsersService } from '../users.service';
import { TokenService } from './token.service';

export const OTP_TTL_SEC = 300;
export const OTP_RESEND_AFTER_SEC = 60;
export const OTP_MAX_ATTEMPTS = 5;

export interface OtpIssued {
  expiresInSec: number;
  resendAfterSec: number;
}

interface StoredCode {
  /** Identifies this code, so its attempt counter dies with it. */
  id: string;
  hash: string;
}

/**
 * Sign-in by a 6-digit code sent by e-mail. Codes are stored hashed, live 5 minutes, allow 5 tries;
 * in the durable store, so a code e-mailed just before a restart still works after it.
 */
@Injectable()
export class OtpService {
  private readonly hmacKey: string;

  constructor(
    private readonly kv: DurableKeyValueStore,
    private readonly mail: MailQueue,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.hmacKey = `otp:${config.auth.accessSecret}`;
  }

  async request(email: string, requestId?: string): Promise<OtpIssued> {
    const cooldown = cooldownKey(email);
    if (!(await this.kv.setIfAbsent(cooldown, '1', OTP_RESEND_AFTER_SEC * 1000))) {
      const waitMs = (await this.kv.ttl(cooldown)) ?? 1000;
      throw new TooManyRequestsError(
        'A code was sent to this address moments ago: wait before asking again',
        waitMs / 1000,
      );
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const stored: StoredCode = { id: randomUUID(), hash: this.hash(email, code) };
    try {
      await this.kv.set(codeKey(email), JSON.stringify(stored), OTP_TTL_SEC * 1000);
      await this.mail.enqueueOtp({
        idempotencyKey: stored.id,
        to: email,
        code,
        expiresInSec: OTP_TTL_SEC,
        requestId,
      });
    } catch (error) {
      // Nothing was sent, so the person must be able to ask again right away.
      await this.kv.delete(cooldown, codeKey(email)).catch(() => 0);
      throw error;
    }
    return { expiresInSec: OTP_TTL_SEC, resendAfterSec: OTP_RESEND_AFTER_SEC };
  }

  async verify(email: string, code: string, userAgent?: string): Promise<AuthSession> {
    const raw = await this.kv.get(codeKey(email));
    if (!raw) throw noActiveCode();
    const stored = JSON.parse(raw) as StoredCode;
    const attempts = (await this.kv.increment(attemptsKey(stored.id), OTP_TTL_SEC * 1000)).value;
    if (attempts > OTP_MAX_ATTEMPTS) {
      await this.kv.delete(codeKey(email));
      throw noActiveCode();
    }
    if (!this.matches(stored.hash, email, code)) {
      const attemptsLeft = OTP_MAX_ATTEMPTS - attempts;
      if (attemptsLeft === 0) await this.kv.delete(codeKey(email));
      throw new UnauthorizedException({
        message:
          attemptsLeft > 0
            ? `Wrong code: ${attemptsLeft} attempt(s) left`
            : 'Wrong code, and that was the last attempt: request a new code',
        details: { attemptsLeft },
      });
    }
    // Only the caller that deletes the code signs in: a code is good for one sign-in.
    if ((await this.kv.delete(codeKey(email), attemptsKey(stored.id))) === 0) throw noActiveCode();
    const { user, tookBack } = await this.users.signInWithProvenAddress(email);
    // Sessions opened with a password set by someone who never proved the address end now.
    if (tookBack) await this.tokens.endAllSessionsOf(user.id);
    return this.tokens.startSession(user, userAgent);
  }

  private hash(email: string, code: string): string {
    return createHmac('sha256', this.hmacKey).update(`${email}\n${code}`).digest('hex');
  }

  private matches(storedHash: string, email: string, code: string): boolean {
    return timingSafeEqual(
      Buffer.from(storedHash, 'hex'),
      Buffer.from(this.hash(email, code), 'hex'),
    );
  }
}

const cooldownKey = (email: string) => `otp:cooldown:${email}`;
const codeKey = (email: string) => `otp:code:${email}`;
const attemptsKey = (codeId: string) => `otp:attempts:${codeId}`;

const noActiveCode = () =>
  new UnauthorizedException(
    'No valid code for this address: it expired, was used, or too many wrong attempts were made. Request a new code.',
  );
