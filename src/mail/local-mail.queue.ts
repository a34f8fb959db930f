import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { MailQueue, type OtpMailRequest } from '@app/contracts';
import { renderOtpMail } from './templates/otp.template';
import { OutboxTransport } from './transports/outbox.transport';

/**
 * The single-process binding of `MailQueue`: accepts at once and writes the e-mail to
 * `DATA_DIR/outbox/` in the background. Pending writes finish before the process exits.
 */
@Injectable()
export class LocalMailQueue extends MailQueue implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly transport: OutboxTransport;
  private readonly pending = new Set<Promise<void>>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.transport = new OutboxTransport(join(config.dataDir, 'outbox'), config.mail.from);
  }

  async enqueueOtp(request: OtpMailRequest): Promise<void> {
    const job = this.transport
      .send(renderOtpMail(request))
      .then((path) =>
        this.logger.log(
          { reqId: request.requestId, path },
          `Sign-in code e-mail written to ${path}`,
        ),
      )
      .catch((error: unknown) =>
        this.logger.error({ err: error, reqId: request.requestId }, 'Could not write e-mail'),
      )
      .finally(() => this.pending.delete(job));
    this.pending.add(job);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.pending);
  }
}
