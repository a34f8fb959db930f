import type { RenderedMail } from '../templates/rendered-mail';

/** Where rendered e-mails go: an SMTP server, or the outbox folder. */
export abstract class MailTransport {
  abstract readonly kind: 'smtp' | 'outbox';

  /** Resolves once the e-mail is accepted (by the server, or written); rejects to be retried. */
  abstract send(mail: RenderedMail): Promise<string>;

  abstract close(): Promise<void>;
}
