import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DurableKeyValueStore } from '@app/kv';
import type { PushSubscriptionRecord } from './push.records';

const subscriptionKey = (id: string) => `push:subscription:${id}`;
const ofUserKey = (userId: string) => `push:subscriptions-of-user:${userId}`;
const ofSessionKey = (sessionId: string) => `push:subscriptions-of-session:${sessionId}`;
const endpointKey = (endpoint: string) =>
  `push:endpoint:${createHash('sha256').update(endpoint).digest('base64url')}`;
/** Set at the first registration ever: lets chat skip all work while nobody uses push. */
const ANYONE = 'push:anyone';

/**
 * Push subscriptions in the durable key-value store (Redis, or the journal in DATA_DIR), beside
 * the sessions they belong to: they live as long as a session can (its refresh lifetime) and are
 * read by user, by session and by endpoint. Indexes that point at a subscription gone by expiry
 * are cleaned up when read.
 */
@Injectable()
export class PushSubscriptionsRepository {
  constructor(private readonly kv: DurableKeyValueStore) {}

  async save(record: PushSubscriptionRecord, ttlMs: number): Promise<void> {
    await this.kv.set(subscriptionKey(record.id), JSON.stringify(record), ttlMs);
    await this.kv.set(endpointKey(record.endpoint), record.id, ttlMs);
    await this.kv.setAdd(ofUserKey(record.userId), [record.id], ttlMs);
    await this.kv.setAdd(ofSessionKey(record.sessionId), [record.id], ttlMs);
    await this.kv.set(ANYONE, '1');
  }

  async get(id: string): Promise<PushSubscriptionRecord | null> {
    const raw = await this.kv.get(subscriptionKey(id));
    return raw ? (JSON.parse(raw) as PushSubscriptionRecord) : null;
  }

  async findByEndpoint(endpoint: string): Promise<PushSubscriptionRecord | null> {
    const id = await this.kv.get(endpointKey(endpoint));
    const record = id ? await this.get(id) : null;
    return record?.endpoint === endpoint ? record : null;
  }

  listOfUser(userId: string): Promise<PushSubscriptionRecord[]> {
    return this.listIn(ofUserKey(userId));
  }

  listOfSession(sessionId: string): Promise<PushSubscriptionRecord[]> {
    return this.listIn(ofSessionKey(sessionId));
  }

  /** One read of the person's index; an id whose record expired is dropped when listed. */
  async hasAny(userId: string): Promise<boolean> {
    return (await this.kv.setMembers(ofUserKey(userId))).length > 0;
  }

  async anyoneEverHad(): Promise<boolean> {
    return (await this.kv.get(ANYONE)) !== null;
  }

  async remove(record: PushSubscriptionRecord): Promise<void> {
    await this.kv.delete(subscriptionKey(record.id));
    if ((await this.kv.get(endpointKey(record.endpoint))) === record.id)
      await this.kv.delete(endpointKey(record.endpoint));
    await this.kv.setRemove(ofUserKey(record.userId), [record.id]);
    await this.kv.setRemove(ofSessionKey(record.sessionId), [record.id]);
  }

  private async listIn(setKey: string): Promise<PushSubscriptionRecord[]> {
    const ids = await this.kv.setMembers(setKey);
    const records = await Promise.all(ids.map((id) => this.get(id)));
    const gone = ids.filter((_, i) => records[i] === null);
    if (gone.length > 0) await this.kv.setRemove(setKey, gone);
    return records
      .filter((record): record is PushSubscriptionRecord => record !== null)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
}
