import { Injectable } from '@nestjs/common';
import type { MessageAlert } from '@app/contracts';
import { KeyValueStore } from '@app/kv';

/** Long enough for any collapse window and retry; short enough that nothing piles up. */
const PENDING_TTL_MS = 10 * 60_000;
/** What was pushed and not yet seen is counted for a day at most (the badge, the burst count). */
const UNSEEN_TTL_MS = 24 * 3600_000;

const messageKey = (messageId: string) => `push:message:${messageId}`;
const deletedKey = (messageId: string) => `push:deleted:${messageId}`;
const pendingKey = (userId: string, chatId: string) => `push:pending:${userId}:${chatId}`;
const unseenKey = (userId: string, chatId: string) => `push:unseen:${userId}:${chatId}`;
const unseenAllKey = (userId: string) => `push:unseen-all:${userId}`;
const unseenChatsKey = (userId: string) => `push:unseen-chats:${userId}`;
const shownKey = (userId: string, chatId: string) => `push:shown:${userId}:${chatId}`;
const shownToKey = (messageId: string) => `push:shown-to:${messageId}`;

/** One message waiting to be pushed to one person. */
export interface PendingAlert {
  messageId: string;
  seq: number;
  mention: boolean;
}

/**
 * What waits to be pushed and what was pushed, in the key-value store so any instance can collect
 * and the collapse works across instances: messages pending per person and chat, messages deleted
 * meanwhile, the unseen counts (a burst's count, the app badge) and the message each chat's
 * notification shows now.
 */
@Injectable()
export class PushBacklogRepository {
  constructor(private readonly kv: KeyValueStore) {}

  async noteMessage(alert: MessageAlert): Promise<void> {
    await this.kv.set(messageKey(alert.messageId), JSON.stringify(alert), PENDING_TTL_MS);
  }

  async message(messageId: string): Promise<MessageAlert | null> {
    const raw = await this.kv.get(messageKey(messageId));
    return raw ? (JSON.parse(raw) as MessageAlert) : null;
  }

  async addPending(userId: string, chatId: string, alert: PendingAlert): Promise<void> {
    const entry = `${alert.seq}|${alert.messageId}|${alert.mention ? 1 : 0}`;
    await this.kv.setAdd(pendingKey(userId, chatId), [entry], PENDING_TTL_MS);
  }

  /** Takes what is pending; removing is the claim, so two collectors never both get an entry. */
  async claimPending(userId: string, chatId: string): Promise<PendingAlert[]> {
    const key = pendingKey(userId, chatId);
    const claimed: PendingAlert[] = [];
    for (const entry of await this.kv.setMembers(key)) {
      if ((await this.kv.setRemove(key, [entry])) === 0) continue;
      const [seq, messageId, mention] = entry.split('|');
      claimed.push({ seq: Number(seq), messageId, mention: mention === '1' });
    }
    return claimed.sort((a, b) => a.seq - b.seq);
  }

  async markDeleted(messageId: string): Promise<void> {
    await this.kv.set(deletedKey(messageId), '1', PENDING_TTL_MS);
  }

  async isDeleted(messageId: string): Promise<boolean> {
    return (await this.kv.get(deletedKey(messageId))) !== null;
  }

  /** Counts these as pushed and unseen: the chat's count (for the body) and the person's total. */
  async countUnseen(
    userId: string,
    chatId: string,
    messageIds: readonly string[],
  ): Promise<{ inChat: number; total: number }> {
    await this.kv.setAdd(unseenKey(userId, chatId), [...messageIds], UNSEEN_TTL_MS);
    await this.kv.setAdd(unseenAllKey(userId), [...messageIds], UNSEEN_TTL_MS);
    await this.kv.setAdd(unseenChatsKey(userId), [chatId], UNSEEN_TTL_MS);
    return this.unseen(userId, chatId);
  }

  /** Forgets a deleted message in the counts; what is left of them. */
  async uncount(
    userId: string,
    chatId: string,
    messageId: string,
  ): Promise<{ inChat: number; total: number }> {
    await this.kv.setRemove(unseenKey(userId, chatId), [messageId]);
    await this.kv.setRemove(unseenAllKey(userId), [messageId]);
    return this.unseen(userId, chatId);
  }

  async markShown(userId: string, chatId: string, messageId: string): Promise<void> {
    await this.kv.set(shownKey(userId, chatId), messageId, UNSEEN_TTL_MS);
    await this.kv.setAdd(shownToKey(messageId), [userId], UNSEEN_TTL_MS);
  }

  /** People whose notification of the chat shows this message now. */
  async showingTo(chatId: string, messageId: string): Promise<string[]> {
    const userIds = await this.kv.setMembers(shownToKey(messageId));
    const showing = await Promise.all(
      userIds.map(async (userId) => (await this.kv.get(shownKey(userId, chatId))) === messageId),
    );
    return userIds.filter((_, i) => showing[i]);
  }

  /** The person looked: what was pushed counts as seen. */
  async seen(userId: string): Promise<void> {
    const chatIds = await this.kv.setMembers(unseenChatsKey(userId));
    if (chatIds.length === 0) return;
    await this.kv.delete(
      unseenAllKey(userId),
      unseenChatsKey(userId),
      ...chatIds.map((chatId) => unseenKey(userId, chatId)),
      ...chatIds.map((chatId) => shownKey(userId, chatId)),
    );
  }

  private async unseen(userId: string, chatId: string): Promise<{ inChat: number; total: number }> {
    const [inChat, total] = await Promise.all([
      this.kv.setMembers(unseenKey(userId, chatId)),
      this.kv.setMembers(unseenAllKey(userId)),
    ]);
    return { inChat: inChat.length, total: total.length };
  }
}
