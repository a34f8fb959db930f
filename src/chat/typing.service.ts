import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ChatAccess } from './chat-access';
import { RealtimePublisher } from './fanout/realtime-publisher';

/** Typing stops by itself this long after the last `typing:start`. */
export const TYPING_EXPIRES_MS = 5000;
/** At most one `typing` relay per person and chat in this time; more starts only keep it alive. */
export const TYPING_RELAY_INTERVAL_MS = 1000;

interface Typist {
  expiry: NodeJS.Timeout;
  relayedAt: number;
}

/** "… is typing": relayed to the other members, throttled, and never stuck. */
@Injectable()
export class TypingService implements OnModuleDestroy {
  private readonly typists = new Map<string, Typist>();

  constructor(
    private readonly access: ChatAccess,
    private readonly publisher: RealtimePublisher,
  ) {}

  async start(userId: string, chatId: string): Promise<void> {
    const key = typistKey(userId, chatId);
    const current = this.typists.get(key);
    const relay = !current || Date.now() - current.relayedAt >= TYPING_RELAY_INTERVAL_MS;
    if (relay) await this.access.forContribution(chatId, userId);
    if (current) clearTimeout(current.expiry);
    const expiry = setTimeout(() => this.stop(userId, chatId), TYPING_EXPIRES_MS).unref();
    this.typists.set(key, { expiry, relayedAt: relay ? Date.now() : (current?.relayedAt ?? 0) });
    if (relay) this.publisher.typing(chatId, userId, true);
  }

  /** Stopping when not typing is a no-op, so it needs no membership check. */
  stop(userId: string, chatId: string): void {
    const key = typistKey(userId, chatId);
    const current = this.typists.get(key);
    if (!current) return;
    clearTimeout(current.expiry);
    this.typists.delete(key);
    this.publisher.typing(chatId, userId, false);
  }

  /** A closed connection must not leave its person typing. */
  stopAll(userId: string): void {
    for (const key of [...this.typists.keys()]) {
      const [typist, chatId] = key.split('|');
      if (typist === userId) this.stop(userId, chatId);
    }
  }

  onModuleDestroy(): void {
    for (const typist of this.typists.values()) clearTimeout(typist.expiry);
    this.typists.clear();
  }
}

const typistKey = (userId: string, chatId: string) => `${userId}|${chatId}`;
