import { ConflictException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { compare, hash } from 'bcryptjs';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { AuthSession } from '@app/contracts';
import { TooManyRequestsError } from '@app/http';
import { KeyValueStore } from '@app/kv';
import { DuplicateEmailError, UsersRepository } from '../persistence/users.repository';
import { createWithFreeHandle } from '../handles';
import { TokenService } from './token.service';

const MAX_FAILED_LOGINS = 10;
const FAILED_LOGIN_WINDOW_MS = 15 * 60_000;

/** Password registration and sign-in, with bcrypt and a per-account cap on wrong passwords. */
@Injectable()
export class PasswordService {
  private dummyHash?: Promise<string>;

  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
    private readonly kv: KeyValueStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async register(
    email: string,
    password: string,
    name: string,
    userAgent?: string,
  ): Promise<AuthSession> {
    const passwordHash = await hash(password, this.config.auth.bcryptRounds);
    try {
      return this.tokens.startSession(
        await createWithFreeHandle(this.users, { email, name, passwordHash }),
        userAgent,
      );
    } catch (error) {
      if (error instanceof DuplicateEmailError) {
        throw new ConflictException('An account with this e-mail already exists: sign in instead');
      }
      throw error;
    }
  }

  /**
   * The attempt is counted before the password is compared, in one atomic step: however many
   * arrive at once, at most MAX_FAILED_LOGINS of them reach bcrypt in a window. A success clears it.
   */
  async login(email: string, password: string, userAgent?: string): Promise<AuthSession> {
    const failures = `login:failures:${email}`;
    const attempt = await this.kv.increment(failures, FAILED_LOGIN_WINDOW_MS);
    if (attempt.value > MAX_FAILED_LOGINS) {
      throw new TooManyRequestsError(
        'Too many wrong passwords for this account: try again later',
        attempt.ttlMs / 1000,
      );
    }
    const user = await this.users.findByEmail(email);
    // Compare against a dummy hash for unknown accounts so timing does not reveal who exists.
    const valid = await compare(password, user?.passwordHash ?? (await this.dummy()));
    if (!user?.passwordHash || !valid) throw new UnauthorizedException('Wrong e-mail or password');
    await this.kv.delete(failures);
    return this.tokens.startSession(user, userAgent);
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hash('not-a-real-password', this.config.auth.bcryptRounds);
    return this.dummyHash;
  }
}
