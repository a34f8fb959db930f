import { createECDH, randomBytes, randomUUID, type ECDH } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PushSubscriptionInput } from '@app/contracts';
import { decrypt } from 'http_ece';
import { checkPushRequest, type PushUrgency } from './push-request-check';

export type { PushUrgency } from './push-request-check';

/** A subscription as a browser's `PushSubscription.toJSON()` gives it, with its id here. */
export interface LocalPushSubscription extends PushSubscriptionInput {
  id: string;
}

/** A push the service accepted (201), its payload decrypted as the browser would. */
export interface ReceivedPush {
  subscriptionId: string;
  /** The payload parsed as JSON, or the text when it is not JSON; null without a payload. */
  payload: unknown;
  ttl: number;
  urgency?: PushUrgency;
  topic?: string;
  receivedAt: number;
}

/** A push not delivered: a failed check, an unknown id, a gone subscription, a programmed answer. */
export interface RejectedPush {
  subscriptionId: string;
  status: number;
  reason: string;
  receivedAt: number;
}

interface Subscriber {
  keys: ECDH;
  auth: Buffer;
  applicationServerKey?: string;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
}

/**
 * A local push service (RFC 8030) on 127.0.0.1 for the test suites: it hands out subscriptions as
 * a browser would make them, checks each push as a real service does (VAPID per RFC 8292, TTL,
 * aes128gcm), decrypts the payload with the subscription's keys (RFC 8291) and keeps it. Plain
 * http: the server under test reaches it only through its test-only origin setting.
 */
export class LocalPushService {
  private readonly subscribers = new Map<string, Subscriber>();
  private readonly messages: ReceivedPush[] = [];
  private readonly rejections: RejectedPush[] = [];
  private readonly answers = new Map<string, Answer[]>();
  private readonly goneIds = new Set<string>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<LocalPushService> {
    const holder: { service?: LocalPushService } = {};
    const server = createServer((req, res) => void holder.service?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.service = new LocalPushService(server, `http://127.0.0.1:${port}`);
    return holder.service;
  }

  /**
   * A new subscription: a P-256 key pair and a 16-byte auth secret, as `PushManager.subscribe`
   * makes. With `applicationServerKey` it is restricted like a browser's: only pushes signed
   * with that VAPID key are accepted (403 otherwise).
   */
  createSubscription(options: { applicationServerKey?: string } = {}): LocalPushSubscription {
    const id = randomUUID();
    const keys = createECDH('prime256v1');
    keys.generateKeys();
    const auth = randomBytes(16);
    this.subscribers.set(id, { keys, auth, applicationServerKey: options.applicationServerKey });
    return {
      id,
      endpoint: `${this.origin}/push/${id}`,
      expirationTime: null,
      keys: { p256dh: keys.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
    };
  }

  /** Answer the next `times` pushes to this subscription with `status` (410, 429, 500…). */
  answerNext(
    subscriptionId: string,
    status: number,
    times = 1,
    headers: Record<string, string> = {},
  ) {
    const queue = this.answers.get(subscriptionId) ?? [];
    for (let i = 0; i < times; i++) queue.push({ status, headers });
    this.answers.set(subscriptionId, queue);
  }

  /** The subscription has expired or been withdrawn: every later push gets 410 Gone. */
  gone(subscriptionId: string): void {
    this.goneIds.add(subscriptionId);
  }

  received(subscriptionId?: string): ReceivedPush[] {
    return this.messages.filter((m) => !subscriptionId || m.subscriptionId === subscriptionId);
  }

  rejected(): RejectedPush[] {
    return [...this.rejections];
  }

  /** Resolves with the accepted pushes that match once there is one; rejects after `timeoutMs`. */
  async waitFor(
    predicate: (push: ReceivedPush) => boolean,
    timeoutMs = 5000,
  ): Promise<ReceivedPush[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.messages.filter(predicate);
      if (matching.length > 0) return matching;
      if (Date.now() >= deadline) {
        throw new Error(
          `LocalPushService: no matching push within ${timeoutMs} ms. ` +
            `Received: ${JSON.stringify(this.messages)}. Rejected: ${JSON.stringify(this.rejections)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Forgets what was received and rejected, programmed answers and gone marks; keeps subscriptions. */
  reset(): void {
    this.messages.length = 0;
    this.rejections.length = 0;
    this.answers.clear();
    this.goneIds.clear();
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const id = /^\/push\/([^/?#]+)$/.exec(req.url ?? '')?.[1] ?? '';
    const subscriber = this.subscribers.get(id);
    const refuse = (status: number, reason: string, headers: Record<string, string> = {}) => {
      this.rejections.push({ subscriptionId: id, status, reason, receivedAt: Date.now() });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify({ code: status, message: reason }));
    };
    if (req.method !== 'POST' || !subscriber) return refuse(404, 'no such subscription');
    if (this.goneIds.has(id)) return refuse(410, 'subscription gone');
    const answer = this.answers.get(id)?.shift();
    if (answer) return refuse(answer.status, `answerNext ${answer.status}`, answer.headers);

    const check = checkPushRequest(
      req.headers,
      body.length,
      this.origin,
      subscriber.applicationServerKey,
    );
    if (!check.ok) return refuse(check.status, check.reason);
    let payload: unknown = null;
    if (body.length > 0) {
      try {
        const plain = decrypt(body, {
          version: 'aes128gcm',
          privateKey: subscriber.keys,
          authSecret: subscriber.auth,
        });
        payload = parsed(plain.toString('utf8'));
      } catch (error) {
        return refuse(400, `payload does not decrypt: ${(error as Error).message}`);
      }
    }
    const { ttl, urgency, topic } = check;
    this.messages.push({
      subscriptionId: id,
      payload,
      ttl,
      urgency,
      topic,
      receivedAt: Date.now(),
    });
    res.writeHead(201, { location: `${this.origin}/message/${randomUUID()}`, ttl: String(ttl) });
    res.end();
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    // An aborted request ends with 'close' alone; the answer then goes nowhere, which is fine.
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
