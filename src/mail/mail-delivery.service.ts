import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MailJob } from './mail-job';
import { MailCounters } from './mail-metrics';
import { renderMail } from './templates/render-mail';
import { MailTransport } from './transports/mail.transport';

/** One attempt at one e-mail: render and hand to the transport. The same for both queue modes. */
@Injectable()
export class MailDelivery {
  private readonly logger = new Logger('Mail');

  constructor(
    @Inject(MailTransport) private readonly transport: MailTransport,
    private readonly metrics: MailCounters,
  ) {}

  async deliver(job: MailJob, jobId: string): Promise<void> {
    const mail = renderMail(job);
    const where = await this.transport.send(mail);
    this.metrics.delivered.inc();
    this.logger.log(
      { jobId, reqId: job.request.requestId, transport: this.transport.kind },
      this.transport.kind === 'outbox'
        ? `E-mail written to ${where}`
        : `E-mail to ${mail.to} sent: ${where}`,
    );
  }
}
