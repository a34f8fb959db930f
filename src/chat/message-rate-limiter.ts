import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { consumeWindowLimit } from '@app/http';
import { KeyValueStore } from '@app/kv';

/** Per-user cap on new messages, REST and socket together, shared by every instance through the KV store. */
@Injectable()
export class MessageRateLimiter {
  constructor(
    private readonly kv: KeyValueStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  consume(userId: string): Promise<void> {
    const { messageRateLimit, messageRateWindowMs } = this.config.chat;
    return consumeWindowLimit(this.kv, {
      key: `rate:messages:${userId}`,
      limit: messageRateLimit,
      windowMs: messageRateWindowMs,
      what: 'messages',
    });
  }
}
