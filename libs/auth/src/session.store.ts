import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { KeyValueStore } from '@app/kv';

export type RefreshOutcome = 'rotated' | 'reused' | 'revoked';

/**
 * Sign-in sessions in the key-value store. A session is one refresh-token family: every rotation
 * marks the presented token as used, and presenting a used token again revokes the whole family.
 */
@Injectable()
export class SessionStore {
  private readonly ttlMs: number;

  constructor(
    private readonly kv: KeyValueStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.auth.refreshTtlSec * 1000;
  }

  async create(userId: string): Promise<string> {
    const sessionId = randomUUID();
    await this.kv.set(sessionKey(sessionId), userId, this.ttlMs);
    return sessionId;
  }

  async isActive(sessionId: string): Promise<boolean> {
    return (await this.kv.get(sessionKey(sessionId))) !== null;
  }

  /** Consumes refresh token `tokenId` of the session; at most one caller can ever rotate it. */
  async rotate(sessionId: string, tokenId: string): Promise<RefreshOutcome> {
    const firstUse = await this.kv.setIfAbsent(usedKey(tokenId), sessionId, this.ttlMs);
    if (!firstUse) {
      await this.revoke(sessionId);
      return 'reused';
    }
    const userId = await this.kv.get(sessionKey(sessionId));
    if (userId === null) return 'revoked';
    await this.kv.set(sessionKey(sessionId), userId, this.ttlMs);
    return 'rotated';
  }

  async revoke(sessionId: string): Promise<void> {
    await this.kv.delete(sessionKey(sessionId));
  }
}

const sessionKey = (sessionId: string) => `session:${sessionId}`;
const usedKey = (tokenId: string) => `session:used-refresh:${tokenId}`;
