import { io } from 'socket.io-client';
import type { AckErrorCode, AuthSession, ChatMessage, SendMessagePayload } from '@app/contracts';
import { emitAck, type ChatClient, type Origin } from '@app/testing';
import type { FaultReport } from './report';

/** What one attempt to send got: an ack, an ack error code, an HTTP status, or nothing at all. */
export type SendOutcome =
  | 'ok'
  | AckErrorCode
  | 'timeout'
  | 'no connection'
  | 'disconnected'
  | `http ${number}`
  | 'network error';

export interface SendResult {
  outcome: SendOutcome;
  /** When the attempt started and how long it took to be answered, in ms. */
  at: number;
  ms: number;
  message?: ChatMessage;
  /** The error text, for the report. */
  detail?: string;
}

/**
 * One person's Socket.IO connection as a real client keeps it: when it is gone, the next send
 * opens a new one with the same access token (no automatic reconnection, so that every attempt
 * is visible here). Everything `message:new` delivered to it, on any of its sockets, is kept.
 */
export class ResilientClient {
  /** Messages delivered live, by id. */
  readonly received = new Map<string, ChatMessage>();
  /** Every refused or failed handshake, with when it happened. */
  readonly connectErrors: { at: number; message: string }[] = [];
  connects = 0;
  private socket?: ChatClient;
  private connecting?: Promise<ChatClient | undefined>;

  constructor(
    readonly name: string,
    private readonly origin: Origin,
    readonly session: AuthSession,
  ) {}

  get current(): ChatClient | undefined {
    return this.socket?.connected ? this.socket : undefined;
  }

  /** The connected socket, or one new handshake (shared by concurrent callers); undefined if refused. */
  ensureConnected(timeoutMs = 3000): Promise<ChatClient | undefined> {
    if (this.socket?.connected) return Promise.resolve(this.socket);
    this.connecting ??= this.handshake(timeoutMs).finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async handshake(timeoutMs: number): Promise<ChatClient | undefined> {
    // The old socket is dropped for good, so that emits it buffered are never sent later.
    this.socket?.disconnect();
    const socket: ChatClient = io(this.origin.url, {
      auth: { token: this.session.accessToken },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
    });
    socket.on('message:new', ({ message }) => this.received.set(message.id, message));
    this.socket = socket;
    const error = await new Promise<string | null>((resolve) => {
      const timer = setTimeout(() => resolve('no handshake answer'), timeoutMs + 1000);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(null);
      });
      socket.once('connect_error', (e) => {
        clearTimeout(timer);
        resolve(e.message);
      });
    });
    if (error === null) {
      this.connects += 1;
      return socket;
    }
    this.connectErrors.push({ at: Date.now(), message: error });
    socket.disconnect();
    return undefined;
  }

  /** One attempt over the socket: connects first if needed; never throws. */
  async send(payload: SendMessagePayload, ackTimeoutMs = 5000): Promise<SendResult> {
    const at = Date.now();
    const socket = await this.ensureConnected();
    if (!socket) {
      const detail = this.connectErrors[this.connectErrors.length - 1]?.message;
      return { outcome: 'no connection', at, ms: Date.now() - at, detail };
    }
    // A dropped connection ends the wait at once, as a client that sees `disconnect` resends then.
    let onDisconnect: (() => void) | undefined;
    const dropped = new Promise<'disconnected'>((resolve) => {
      onDisconnect = () => resolve('disconnected');
      socket.once('disconnect', onDisconnect);
    });
    try {
      const ack = await Promise.race([
        emitAck(socket, 'message:send', payload, ackTimeoutMs),
        dropped,
      ]);
      const ms = Date.now() - at;
      if (ack === 'disconnected') return { outcome: 'disconnected', at, ms };
      if (ack.ok) return { outcome: 'ok', at, ms, message: ack.data };
      return { outcome: ack.error.code, at, ms, detail: ack.error.message };
    } catch (error) {
      return { outcome: 'timeout', at, ms: Date.now() - at, detail: String(error) };
    } finally {
      socket.off('disconnect', onDisconnect);
    }
  }

  close(): void {
    this.socket?.disconnect();
    this.socket = undefined;
  }
}

/** One attempt over REST (`POST /api/v1/chats/:id/messages`); never throws. */
export async function restSend(
  origin: Origin,
  session: AuthSession,
  payload: SendMessagePayload,
  timeoutMs = 5000,
): Promise<SendResult> {
  const at = Date.now();
  const { chatId, ...body } = payload;
  try {
    const res = await fetch(`${origin.url}/api/v1/chats/${chatId}/messages`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${session.accessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const ms = Date.now() - at;
    const text = await res.text();
    if (res.status === 200 || res.status === 201) {
      return {
        outcome: 'ok',
        at,
        ms,
        message: JSON.parse(text) as ChatMessage,
        detail: `${res.status}`,
      };
    }
    return { outcome: `http ${res.status}`, at, ms, detail: text.slice(0, 200) };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return {
      outcome: timedOut ? 'timeout' : 'network error',
      at,
      ms: Date.now() - at,
      detail: String(error),
    };
  }
}

/** Status and body of a GET (never throws: a refused connection is status 0). */
export async function getJson(
  url: string,
  token?: string,
  timeoutMs = 5000,
): Promise<{ status: number; body: unknown; ms: number }> {
  const started = Date.now();
  try {
    const res = await fetch(url, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text for the report
    }
    return { status: res.status, body, ms: Date.now() - started };
  } catch {
    return { status: 0, body: null, ms: Date.now() - started };
  }
}

/** The whole history of a chat, oldest first, read page by page as a client catches up. */
export async function fullHistory(
  origin: Origin,
  token: string,
  chatId: string,
): Promise<ChatMessage[]> {
  const messages: ChatMessage[] = [];
  // 100 pages of 100: far more than any scenario sends; the bound keeps a bug from looping.
  for (let page = 0; page < 100; page += 1) {
    const after = messages.length ? messages[messages.length - 1].seq : 0;
    const url = `${origin.url}/api/v1/chats/${chatId}/messages?afterSeq=${after}&limit=100`;
    const { status, body } = await getJson(url, token, 10_000);
    if (status !== 200)
      throw new Error(`history of chat ${chatId}: ${status} ${JSON.stringify(body)}`);
    const { items, hasMore } = body as { items: ChatMessage[]; hasMore: boolean };
    messages.push(...items);
    if (!hasMore || items.length === 0) return messages;
  }
  throw new Error(`history of chat ${chatId}: more than 100 pages`);
}

/** What a history says about a set of acknowledged messages: lost, duplicated, gaps. */
export function auditHistory(
  history: ChatMessage[],
  acked: Iterable<{ clientMessageId: string | null; id: string }>,
) {
  const byClientId = new Map<string, number>();
  for (const m of history) {
    if (m.clientMessageId)
      byClientId.set(m.clientMessageId, (byClientId.get(m.clientMessageId) ?? 0) + 1);
  }
  const ids = new Set(history.map((m) => m.id));
  const ackedList = [...acked];
  const missing = ackedList.filter((m) => !ids.has(m.id)).map((m) => m.clientMessageId ?? m.id);
  const duplicated = [...byClientId].filter(([, n]) => n > 1).map(([id]) => id);
  const seqs = history.map((m) => m.seq);
  const distinctSeqs = new Set(seqs).size;
  const maxSeq = seqs.length ? Math.max(...seqs) : 0;
  const gaps: number[] = [];
  for (let seq = 1; seq <= maxSeq && gaps.length < 20; seq += 1)
    if (!seqs.includes(seq)) gaps.push(seq);
  return {
    total: history.length,
    missing,
    duplicated,
    distinctSeqs,
    maxSeq,
    gaps,
    acked: ackedList.length,
  };
}

export type HistoryAudit = ReturnType<typeof auditHistory>;

/** What every fault run checks of the chat's history: nothing acknowledged lost, nothing twice, seqs 1..N. */
export function checkHistory(report: FaultReport, audit: HistoryAudit): void {
  report.check(
    'every acknowledged message is in the history',
    audit.missing.length === 0,
    `${audit.missing.length} of ${audit.acked} missing ${audit.missing.slice(0, 5).join(' ')}`,
  );
  report.check(
    'each clientMessageId is in the history once',
    audit.duplicated.length === 0,
    `${audit.duplicated.length} duplicated ${audit.duplicated.slice(0, 5).join(' ')}`,
  );
  report.check(
    'seqs are 1..N without gaps or repeats',
    audit.gaps.length === 0 && audit.distinctSeqs === audit.total && audit.maxSeq === audit.total,
    `${audit.total} messages, ${audit.distinctSeqs} distinct seqs, max ${audit.maxSeq}, gaps at ${audit.gaps.join(',') || 'none'}`,
  );
}

/** `{ ok: 120, unavailable: 14 }` as `ok 120, unavailable 14`. */
export function tally(outcomes: Iterable<string>): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
  return counts.size === 0 ? 'none' : [...counts].map(([o, n]) => `${o} ${n}`).join(', ');
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
