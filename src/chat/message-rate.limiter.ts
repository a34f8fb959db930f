import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { TooManyRequestsError } from '@app/http';
import { KeyValueStore } from '@app/kv';

/** Per-user cap on new messages, REST and socket together, shared by every instance through the KV store. */
@Injectable()
export class MessageRateLimiter {
  constructor(
    private readonly kv: KeyValueStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async consume(userId: string): Promise<void> {
    const { messageRateLimit, messageRateWindowMs } = this.config.chat;
    const counter = await this.kv.increment(`rate:messages:${userId}`, messageRateWindowMs);
    if (counter.value > messageRateLimit) {
      throw new TooManyRequestsError(
        `Too many messages: at most ${messageRateLimit} per ${messageRateWindowMs / 1000} s`,
        counter.ttlMs / 1000,
      );
    }
  }
}
