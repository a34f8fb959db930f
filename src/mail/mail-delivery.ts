import { Inject, Injectable, Logger } from '@nestjs/common';
import { UserDirectory } from '@app/contracts';
import type { MailJob } from './mail-job';
import { MailCounters } from './mail-counters';
import { renderMail } from './templates/render-mail';
import { MailTransport } from './transports/mail.transport';

/** One attempt at one e-mail: render and hand to the transport. The same for both queue modes. */
@Injectable()
export class MailDelivery {
  private readonly logger = new Logger('Mail');

  constructor(
    @Inject(MailTransport) private readonly transport: MailTransport,
    private readonly metrics: MailCounters,
    private readonly directory: UserDirectory,
  ) {}

  async deliver(job: MailJob, jobId: string): Promise<void> {
    const contact = job.kind === 'otp' ? null : await this.directory.getContact(job.request.userId);
    const mail = renderMail(job, contact);
    if (!mail) {
      this.logger.warn({ jobId }, 'E-mail dropped: its recipient no longer exists');
      return;
    }
    const where = await this.transport.send(mail);
    this.metrics.delivered.inc();
    const reqId = job.kind === 'otp' ? job.request.requestId : undefined;
    this.logger.log(
      { jobId, reqId, transport: this.transport.kind },
      this.transport.kind === 'outbox'
        ? `E-mail written to ${where}`
        : `E-mail to ${mail.to} sent: ${where}`,
    );
  }
}
