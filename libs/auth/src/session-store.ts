import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DurableKeyValueStore } from '@app/kv';

/** The refresh token that a rotation issues: its id and when it was made (the JWT `iat`). */
export interface NextRefresh {
  jti: string;
  iat: number;
}

export type RefreshOutcome =
  { outcome: 'rotated'; next: NextRefresh } | { outcome: 'reused' } | { outcome: 'revoked' };

/** With the store unreachable, a session seen active this recently still counts (see `userOf`). */
export const OUTAGE_TRUST_MS = 10 * 60_000;
const OUTAGE_CACHE_LIMIT = 100_000;
/** Ended sessions are announced in buckets of this many milliseconds, kept a little longer. */
const REVOCATION_BUCKET_MS = 10_000;

/** Why a session ended, for the sockets it had: the person ended it from another device, or not. */
export type EndedBy = 'elsewhere' | 'other';

/** What the sessions list shows of a session, kept beside it with the same lifetime. */
export interface SessionInfo {
  id: string;
  device: string;
  createdAt: number;
  lastActiveAt: number;
}

/**
 * Sign-in sessions in the durable key-value store (Redis, or a journal in DATA_DIR that survives
 * a restart). A session is one refresh-token family: every rotation marks the presented token as
 * used, and presenting a used token again, outside a short grace, revokes the whole family.
 * Every session also belongs to exactly one user, so a token cannot pair one person with
 * another's session, and all of a user's sessions can be ended at once.
 */
@Injectable()
export class SessionStore {
  private readonly ttlMs: number;
  /**
   * Two tabs refreshing at the same moment present the same token; within this long after the
   * first rotation (REFRESH_REUSE_GRACE), the second gets the very same new pair instead of ending
   * the session.
   */
  private readonly graceMs: number;
  /** Sessions recently seen active: only consulted while the store cannot be reached. */
  private readonly seenActive = new Map<string, { userId: string; at: number }>();

  constructor(
    private readonly kv: DurableKeyValueStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.auth.refreshTtlSec * 1000;
    this.graceMs = config.auth.refreshReuseGraceMs;
  }

  /** A new session of `userId`, on `device` (a label made from the User-Agent). */
  async create(userId: string, device: string): Promise<string> {
    const sessionId = randomUUID();
    const now = Date.now();
    await this.kv.set(sessionKey(sessionId), userId, this.ttlMs);
    await this.kv.set(
      infoKey(sessionId),
      JSON.stringify({ device, createdAt: now, lastActiveAt: now }),
      this.ttlMs,
    );
    await this.kv.setAdd(userSessionsKey(userId), [sessionId], this.ttlMs);
    return sessionId;
  }

  /**
   * The user's sessions that have not ended, most recently active first. Ended ones (expired, or
   * revoked one by one) leave the user's index here, so it stays as long as the live sessions.
   */
  async listOf(userId: string): Promise<SessionInfo[]> {
    const sessionIds = await this.kv.setMembers(userSessionsKey(userId));
    const found = await Promise.all(
      sessionIds.map(async (id) => {
        if ((await this.kv.get(sessionKey(id))) !== userId) return null;
        return parseInfo(id, await this.kv.get(infoKey(id)));
      }),
    );
    const ended = sessionIds.filter((_, at) => found[at] === null);
    if (ended.length > 0) await this.kv.setRemove(userSessionsKey(userId), ended);
    return found
      .filter((info): info is SessionInfo => info !== null)
      .sort((a, b) => b.lastActiveAt - a.lastActiveAt);
  }

  /**
   * Ends one session of `userId` from another of their devices (its sockets are told so); false
   * when it is not theirs or already ended.
   */
  async revokeOf(userId: string, sessionId: string): Promise<boolean> {
    if ((await this.kv.get(sessionKey(sessionId))) !== userId) return false;
    await this.kv.set(endedByKey(sessionId), 'elsewhere', REVOCATION_BUCKET_MS * 3);
    await this.revoke(sessionId);
    return true;
  }

  /** Why a recently ended session ended. */
  async endedBy(sessionId: string): Promise<EndedBy> {
    return (await this.kv.get(endedByKey(sessionId))) === 'elsewhere' ? 'elsewhere' : 'other';
  }

  /**
   * The user the session belongs to, or null once it ended. If the store cannot be reached, a
   * session seen active in the last OUTAGE_TRUST_MS on this server still counts: signed-in people
   * keep chatting through a Redis outage, while nobody new gets in.
   */
  async userOf(sessionId: string): Promise<string | null> {
    try {
      const userId = await this.kv.get(sessionKey(sessionId));
      this.remember(sessionId, userId);
      return userId;
    } catch (error) {
      const seen = this.seenActive.get(sessionId);
      if (seen && Date.now() - seen.at < OUTAGE_TRUST_MS) return seen.userId;
      throw error;
    }
  }

  /** Consumes refresh token `tokenId` of the session; at most one caller can ever rotate it. */
  async rotate(sessionId: string, tokenId: string): Promise<RefreshOutcome> {
    const next: NextRefresh = { jti: randomUUID(), iat: Math.floor(Date.now() / 1000) };
    const used = JSON.stringify({ sessionId, at: Date.now(), ...next });
    if (!(await this.kv.setIfAbsent(usedKey(tokenId), used, this.ttlMs))) {
      const earlier = parseUsed(await this.kv.get(usedKey(tokenId)));
      const withinGrace =
        earlier?.sessionId === sessionId && Date.now() - earlier.at <= this.graceMs;
      if (withinGrace && (await this.userOf(sessionId)) !== null) {
        return { outcome: 'rotated', next: { jti: earlier.jti, iat: earlier.iat } };
      }
      await this.revoke(sessionId);
      return { outcome: 'reused' };
    }
    const userId = await this.kv.get(sessionKey(sessionId));
    if (userId === null) return { outcome: 'revoked' };
    await this.kv.set(sessionKey(sessionId), userId, this.ttlMs);
    await this.touch(sessionId);
    await this.kv.setAdd(userSessionsKey(userId), [sessionId], this.ttlMs);
    return { outcome: 'rotated', next };
  }

  /** Ends the session; its open sockets are told through `endedSince` within a second. */
  async revoke(sessionId: string): Promise<void> {
    this.seenActive.delete(sessionId);
    await this.kv.delete(sessionKey(sessionId), infoKey(sessionId));
    await this.announceEnded([sessionId]);
  }

  /** Ends every session of the user (their address was just proven by someone else). */
  async revokeAllOf(userId: string): Promise<number> {
    const sessionIds = await this.kv.setMembers(userSessionsKey(userId));
    if (sessionIds.length === 0) return 0;
    sessionIds.forEach((id) => this.seenActive.delete(id));
    await this.kv.delete(
      ...sessionIds.map(sessionKey),
      ...sessionIds.map(infoKey),
      userSessionsKey(userId),
    );
    await this.announceEnded(sessionIds);
    return sessionIds.length;
  }

  /** Sessions ended in roughly the last 10 to 20 seconds, on any instance. */
  async recentlyEnded(now = Date.now()): Promise<string[]> {
    const bucket = Math.floor(now / REVOCATION_BUCKET_MS);
    const [current, previous] = await Promise.all([
      this.kv.setMembers(revokedKey(bucket)),
      this.kv.setMembers(revokedKey(bucket - 1)),
    ]);
    return [...new Set([...current, ...previous])];
  }

  /** A refresh is the session's sign of life: its last-active time moves on. */
  private async touch(sessionId: string): Promise<void> {
    const info = parseInfo(sessionId, await this.kv.get(infoKey(sessionId)));
    if (!info) return;
    const { device, createdAt } = info;
    await this.kv.set(
      infoKey(sessionId),
      JSON.stringify({ device, createdAt, lastActiveAt: Date.now() }),
      this.ttlMs,
    );
  }

  private async announceEnded(sessionIds: string[]): Promise<void> {
    const bucket = Math.floor(Date.now() / REVOCATION_BUCKET_MS);
    await this.kv.setAdd(revokedKey(bucket), sessionIds, REVOCATION_BUCKET_MS * 3);
  }

  private remember(sessionId: string, userId: string | null): void {
    if (userId === null) {
      this.seenActive.delete(sessionId);
      return;
    }
    // Re-inserting keeps the Map in order of last use, so the oldest entry is first to go.
    this.seenActive.delete(sessionId);
    this.seenActive.set(sessionId, { userId, at: Date.now() });
    if (this.seenActive.size > OUTAGE_CACHE_LIMIT) {
      const oldest = this.seenActive.keys().next().value;
      if (oldest !== undefined) this.seenActive.delete(oldest);
    }
  }
}

interface UsedRefresh extends NextRefresh {
  sessionId: string;
  /** When it was rotated, in epoch milliseconds. */
  at: number;
}

function parseUsed(raw: string | null): UsedRefresh | null {
  let value: Partial<UsedRefresh> | null;
  try {
    value = JSON.parse(raw ?? 'null') as typeof value;
  } catch {
    return null; // written before the grace existed: the bare session id
  }
  return value !== null &&
    typeof value.sessionId === 'string' &&
    typeof value.jti === 'string' &&
    typeof value.iat === 'number' &&
    typeof value.at === 'number'
    ? { sessionId: value.sessionId, jti: value.jti, iat: value.iat, at: value.at }
    : null;
}

/** Sessions made before the list existed have no info: shown as an unknown device. */
function parseInfo(id: string, raw: string | null): SessionInfo {
  try {
    const value = JSON.parse(raw ?? 'null') as Partial<SessionInfo> | null;
    if (
      value &&
      typeof value.device === 'string' &&
      typeof value.createdAt === 'number' &&
      typeof value.lastActiveAt === 'number'
    ) {
      return {
        id,
        device: value.device,
        createdAt: value.createdAt,
        lastActiveAt: value.lastActiveAt,
      };
    }
  } catch {
    // fall through
  }
  return { id, device: 'Unknown device', createdAt: 0, lastActiveAt: 0 };
}

const sessionKey = (sessionId: string) => `session:${sessionId}`;
const infoKey = (sessionId: string) => `session:info:${sessionId}`;
const endedByKey = (sessionId: string) => `session:ended-by:${sessionId}`;
const userSessionsKey = (userId: string) => `session:of-user:${userId}`;
const usedKey = (tokenId: string) => `session:used-refresh:${tokenId}`;
const revokedKey = (bucket: number) => `session:ended:${bucket}`;
