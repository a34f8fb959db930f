import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';

/**
 * Bounds the sends this process works on at once. Past its capacity a queue only makes every
 * send late and then time out together; refusing the excess at once keeps the accepted ones fast,
 * and the client (which keeps its clientMessageId) sends the refused ones again.
 */
@Injectable()
export class SendAdmission {
  private inFlight = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.config.chat.maxSendsInFlight) {
      throw new ServiceUnavailableException('The server is busy; send the message again shortly');
    }
    this.inFlight += 1;
    try {
      return await work();
    } finally {
      this.inFlight -= 1;
    }
  }
}
