import { Injectable, NotFoundException } from '@nestjs/common';
import { SessionStore, type AuthUser } from '@app/auth';
import type { SessionView } from '@app/contracts';

/** A person's own sessions: where they are signed in, and ending any of them from here. */
@Injectable()
export class SessionsService {
  constructor(private readonly sessions: SessionStore) {}

  async list(user: AuthUser): Promise<SessionView[]> {
    const sessions = await this.sessions.listOf(user.userId);
    return sessions.map(({ id, device, createdAt, lastActiveAt }) => ({
      id,
      device,
      createdAt: new Date(createdAt).toISOString(),
      lastActiveAt: new Date(lastActiveAt).toISOString(),
      current: id === user.sessionId,
    }));
  }

  /**
   * Ends one of the person's sessions (a lost laptop): its tokens stop working, its sockets on
   * every instance are closed within a second and told why, its push subscriptions go.
   */
  async end(user: AuthUser, sessionId: string): Promise<void> {
    if (!(await this.sessions.revokeOf(user.userId, sessionId))) {
      throw new NotFoundException('No such session of yours');
    }
  }

  /** Ends every session of the person but the one asking. */
  async endOthers(user: AuthUser): Promise<{ ended: number }> {
    const others = (await this.sessions.listOf(user.userId)).filter(
      ({ id }) => id !== user.sessionId,
    );
    let ended = 0;
    for (const { id } of others) if (await this.sessions.revokeOf(user.userId, id)) ended += 1;
    return { ended };
  }
}
