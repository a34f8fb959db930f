import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
  receivedAt: number;
}

export interface SmtpSinkOptions {
  /** Answer the first n deliveries with a temporary failure (451). */
  rejectFirst?: number;
  /** Answer every delivery with a temporary failure. */
  rejectAll?: boolean;
  /** Hold each delivery this long before answering (to catch a job while it is active). */
  delayMs?: number;
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives, for the mail tests. */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** When each delivery attempt reached the server, accepted or not. */
  readonly attempts: number[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly url: string,
  ) {}

  static async start(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
    const holder: { sink?: SmtpSink } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const target = holder.sink as SmtpSink;
          target.attempts.push(Date.now());
          const reject = options.rejectAll || target.attempts.length <= (options.rejectFirst ?? 0);
          const answer = () => {
            if (reject) {
              callback(
                Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }),
              );
              return;
            }
            target.received.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              raw: Buffer.concat(chunks).toString('utf8'),
              receivedAt: Date.now(),
            });
            callback();
          };
          if (options.delayMs) setTimeout(answer, options.delayMs);
          else answer();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    holder.sink = new SmtpSink(server, `smtp://127.0.0.1:${port}`);
    return holder.sink;
  }

  /** The e-mails received for `to`. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address));
  }

  async waitFor(address: string, count = 1, timeoutMs = 10_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.to(address).length < count) {
      if (Date.now() > deadline)
        throw new Error(
          `SMTP sink: fewer than ${count} e-mail(s) to ${address} after ${timeoutMs} ms`,
        );
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.to(address);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The sign-in code in an e-mail, read from its subject line. */
export const otpCodeIn = (raw: string) =>
  /^Subject: Your sign-in code: (\d{6})\r?$/m.exec(raw)?.[1];
