import { createServer, type AddressInfo, type Server } from 'node:net';
import type { AuthSession, ChatMessage, ChatView } from '@app/contracts';
import { bearer, createUsers, openDirectChat, sleep, type TestApp } from '@app/testing';
import { PreviewFetcher } from '../src/chat/previews/preview-fetcher';
import { PreviewSites, recordPreviewLogs, type PreviewLog } from './link-preview-sites';
import { messageCalls } from './message-calls';
import { startTestApp } from './test-app';

/** What the app's scripted resolver answers (LINK_PREVIEW_TEST_HOSTS); no other name resolves. */
const HOSTS = [
  'private.test=10.0.0.1',
  'metadata.test=169.254.169.254',
  'ula.test=fd00::1',
  'mapped.test=::ffff:127.0.0.1',
  'mixed.test=8.8.8.8+10.0.0.1',
  // A different answer at each lookup (private, then loopback): each fetch looks up once.
  'rebind.test=10.0.0.2>127.0.0.1',
  'xn--bcher-kva.test=127.0.0.1',
].join(',');

/** Polls `probe` until it gives something, or fails after `ms`. */
export async function until<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  ms: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(25);
  }
}

/**
 * The link preview suites' world: the local pages (reached only through
 * LINK_PREVIEW_TEST_ORIGINS), a local port that is no test origin and counts who connects to it,
 * the app with previews on and the scripted resolver (so nothing uses DNS or the internet), what
 * it logs about previews, and Ada, Bob and Cy with Ada and Bob's direct chat.
 */
export class PreviewWorld {
  private constructor(
    readonly sites: PreviewSites,
    private readonly stranger: Server,
    private readonly hits: { count: number },
    readonly t: TestApp,
    readonly logs: ReturnType<typeof recordPreviewLogs>,
    readonly people: { ada: AuthSession; bob: AuthSession; cy: AuthSession },
    readonly direct: ChatView,
  ) {}

  static async start(): Promise<PreviewWorld> {
    const sites = await PreviewSites.start();
    const hits = { count: 0 };
    const stranger = createServer((socket) => {
      hits.count++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
    const logs = recordPreviewLogs();
    const t = await startTestApp({
      LINK_PREVIEWS: 'true',
      LINK_PREVIEW_TEST_ORIGINS: sites.origin,
      LINK_PREVIEW_TEST_HOSTS: HOSTS,
      MESSAGE_RATE_LIMIT: '100000',
    });
    const [ada, bob, cy] = await createUsers(t, 3);
    const direct = await openDirectChat(t, ada, bob);
    return new PreviewWorld(sites, stranger, hits, t, logs, { ada, bob, cy }, direct);
  }

  /** Connections the local port that is no test origin received: must stay 0. */
  get strangerHits(): number {
    return this.hits.count;
  }

  get strangerPort(): number {
    return (this.stranger.address() as AddressInfo).port;
  }

  async sendText(session: AuthSession, chatId: string, text: string): Promise<ChatMessage> {
    return (await messageCalls(this.t, session).send(chatId, { text }).expect(201))
      .body as ChatMessage;
  }

  /** The message at `seq` as Ada reads it now. */
  async messageAt(chatId: string, seq: number): Promise<ChatMessage> {
    const page = await messageCalls(this.t, this.people.ada).history(
      chatId,
      `?afterSeq=${seq - 1}&limit=1`,
    );
    return page.items[0];
  }

  /** The message once it has previews. */
  withPreviews(chatId: string, seq: number): Promise<ChatMessage> {
    return until(
      async () => {
        const message = await this.messageAt(chatId, seq);
        return message.previews.length > 0 ? message : undefined;
      },
      8000,
      `previews of message ${seq}`,
    );
  }

  /** What was logged about a link (no preview and why, or its picture left out), once it was. */
  logOf(link: string, ms = 8000): Promise<PreviewLog> {
    const href = new URL(link).href;
    return until(() => this.logs.logs.find((log) => log.url === href), ms, href);
  }

  media(session: AuthSession, url: string) {
    return this.t.http().get(url).set(bearer(session));
  }

  /** How often the scripted resolver was asked for `name`. */
  asked(name: string): number {
    const asked = this.t.app.get(PreviewFetcher).testResolver?.asked ?? [];
    return asked.filter((one) => one === name).length;
  }

  async close(): Promise<void> {
    this.logs.restore();
    await this.t.close();
    await this.sites.close();
    await new Promise((resolve) => this.stranger.close(resolve));
  }
}
