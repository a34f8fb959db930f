import type { MailJob } from '../mail-job';
import { renderOtpMail } from './otp.template';
import type { RenderedMail } from './rendered-mail';

export function renderMail(job: MailJob): RenderedMail {
  switch (job.kind) {
    case 'otp':
      return renderOtpMail(job.request);
  }
}
