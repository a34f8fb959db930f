import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import type { RenderedMail } from '../templates/rendered-mail';
import { MailTransport } from './mail.transport';

/**
 * Writes each e-mail as one RFC 822 `.eml` file (openable by any mail client) instead of sending
 * it: the embedded default when no SMTP server is configured.
 */
export class OutboxTransport extends MailTransport {
  readonly kind = 'outbox';
  private readonly composer: Transporter = createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });

  constructor(
    readonly directory: string,
    private readonly from: string,
  ) {
    super();
  }

  /** Resolves to the path of the written file. */
  private written = 0;

  async send(mail: RenderedMail): Promise<string> {
    const info = (await this.composer.sendMail({ from: this.from, ...mail })) as {
      message: Buffer;
    };
    await mkdir(this.directory, { recursive: true });
    const safeRecipient = mail.to.replace(/[^a-z0-9@._-]/gi, '_');
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    // Two e-mails to one person in the same millisecond once overwrote each other; the counter
    // keeps them apart, in the order they were written.
    this.written += 1;
    const sequence = String(this.written % 1_000_000).padStart(6, '0');
    const path = join(this.directory, `${stamp}-${sequence}-${safeRecipient}.eml`);
    await writeFile(path, info.message);
    return path;
  }

  async close(): Promise<void> {}
}
