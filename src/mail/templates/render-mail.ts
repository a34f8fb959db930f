import type { UserContact } from '@app/contracts';
import type { MailJob } from '../mail-job';
import { renderOtpMail } from './otp.template';
import type { RenderedMail } from './rendered-mail';
import { renderUnreadMail } from './unread.template';
import { renderNewSignInMail } from './new-sign-in.template';

/** `contact` is needed for e-mails addressed by user id rather than by address. */
export function renderMail(job: MailJob, contact: UserContact | null): RenderedMail | null {
  switch (job.kind) {
    case 'otp':
      return renderOtpMail(job.request);
    case 'unread':
      return contact && renderUnreadMail(job.request, contact);
    case 'sign-in':
      return contact && renderNewSignInMail(job.request, contact);
  }
}
