import { createTransport, type Transporter } from 'nodemailer';
import type { RenderedMail } from '../templates/rendered-mail';
import { MailTransport } from './mail.transport';

const TIMEOUT_MS = 10_000;

/** Sends through the SMTP server of `SMTP_URL` (nodemailer: `smtp://`, `smtps://`, TLS query options). */
export class SmtpTransport extends MailTransport {
  readonly kind = 'smtp';
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    super();
    this.transporter = createTransport(url, {
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    });
  }

  /** Resolves to the server's answer, e.g. `250 OK: queued as …`. */
  async send(mail: RenderedMail): Promise<string> {
    const info = (await this.transporter.sendMail({ from: this.from, ...mail })) as {
      response: string;
    };
    return info.response;
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
