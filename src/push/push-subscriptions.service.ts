import { Inject, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { AuthUser } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { PushSubscriptionInput, PushSubscriptionView } from '@app/contracts';
import { badField } from '@app/http';
import { checkOutboundUrl, OutboundRefused, type OutboundPolicy } from '@app/outbound';
import { PushSubscriptionsRepository } from './persistence/push-subscriptions.repository';
import type { PushSubscriptionRecord } from './persistence/push.records';
import { PushNotifier } from './push-notifier';
import { PUSH_ENDPOINT_POLICY } from './push-tokens';
import { subscriptionKeysProblem } from './push-keys';

/** A few browsers or profiles per sign-in; past it, the oldest of the session makes room. */
export const SUBSCRIPTIONS_PER_SESSION = 4;

/**
 * The devices that take push, each registered by a signed-in session and removed with it (logout,
 * refresh-token reuse, expiry), by its owner, or when its push service says it is gone.
 */
@Injectable()
export class PushSubscriptionsService {
  private readonly ttlMs: number;

  constructor(
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly notifier: PushNotifier,
    @Inject(PUSH_ENDPOINT_POLICY) private readonly policy: OutboundPolicy,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.auth.refreshTtlSec * 1000;
  }

  /** The same endpoint again (every app start registers) renews it, for this session. */
  async register(user: AuthUser, input: PushSubscriptionInput): Promise<PushSubscriptionView> {
    this.check(input);
    const existing = await this.subscriptions.findByEndpoint(input.endpoint);
    // A browser signed in as someone else now: the endpoint follows whoever it delivers to.
    if (existing) await this.subscriptions.remove(existing);
    const record: PushSubscriptionRecord = {
      id: existing?.userId === user.userId ? existing.id : randomUUID(),
      userId: user.userId,
      sessionId: user.sessionId,
      endpoint: input.endpoint,
      p256dh: input.keys.p256dh,
      auth: input.keys.auth,
      createdAt: new Date().toISOString(),
    };
    await this.subscriptions.save(record, this.ttlMs);
    this.notifier.somebodySubscribed();
    const ofSession = await this.subscriptions.listOfSession(user.sessionId);
    for (const old of ofSession.slice(0, Math.max(0, ofSession.length - SUBSCRIPTIONS_PER_SESSION)))
      await this.subscriptions.remove(old);
    return toView(record, user.sessionId);
  }

  async list(user: AuthUser): Promise<PushSubscriptionView[]> {
    const records = await this.subscriptions.listOfUser(user.userId);
    return records.map((record) => toView(record, user.sessionId));
  }

  /** Someone else's subscription answers like a missing one. */
  async remove(user: AuthUser, id: string): Promise<void> {
    const record = await this.subscriptions.get(id);
    if (!record || record.userId !== user.userId)
      throw new NotFoundException('No such push subscription of yours');
    await this.subscriptions.remove(record);
  }

  /**
   * The browser replaced a subscription (`pushsubscriptionchange`, in the service worker, which
   * holds no access token): the old one's auth secret, known only to that browser and to us,
   * proves the request. The new one keeps the old one's person and session.
   */
  async renew(oldEndpoint: string, oldAuth: string, input: PushSubscriptionInput): Promise<void> {
    const old = await this.subscriptions.findByEndpoint(oldEndpoint);
    if (!old || !sameSecret(old.auth, oldAuth))
      throw new UnauthorizedException('No such subscription, or the wrong auth secret');
    this.check(input);
    // The page may have registered the new one already; someone else's endpoint is not taken over.
    const taken = await this.subscriptions.findByEndpoint(input.endpoint);
    if (taken && taken.id !== old.id) {
      if (taken.userId !== old.userId)
        throw new UnauthorizedException('No such subscription, or the wrong auth secret');
      await this.subscriptions.remove(old);
      return;
    }
    await this.subscriptions.remove(old);
    await this.subscriptions.save(
      { ...old, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth },
      this.ttlMs,
    );
  }

  /** The sessions ended: their subscriptions go with them. */
  async forgetSessions(sessionIds: readonly string[]): Promise<number> {
    let removed = 0;
    for (const sessionId of sessionIds) {
      for (const record of await this.subscriptions.listOfSession(sessionId)) {
        await this.subscriptions.remove(record);
        removed += 1;
      }
    }
    return removed;
  }

  private check(input: PushSubscriptionInput): void {
    try {
      checkOutboundUrl(input.endpoint, this.policy);
    } catch (error) {
      if (!(error instanceof OutboundRefused)) throw error;
      throw badField(
        'endpoint',
        `must be the https address of a known push service (${error.reason})`,
      );
    }
    const keys = subscriptionKeysProblem(input.keys);
    if (keys) throw badField('keys', keys);
  }
}

function toView(record: PushSubscriptionRecord, currentSessionId: string): PushSubscriptionView {
  return {
    id: record.id,
    service: new URL(record.endpoint).hostname,
    createdAt: record.createdAt,
    currentSession: record.sessionId === currentSessionId,
  };
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
