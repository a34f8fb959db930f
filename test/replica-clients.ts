import { isDeepStrictEqual } from 'node:util';
import type { AuthSession, ChatMessage } from '@app/contracts';
import { ChatReplica, connectClient, sleep, type ChatClient, type Origin } from '@app/testing';
import { messageCalls } from './message-calls';
import { wholeHistory } from './offline-changes';

/**
 * A client of one chat written from docs/realtime.md: a socket whose `message:new` and
 * `message:updated` it applies while connected, its acknowledgements, and a `ChatReplica` made when
 * it opens the chat (the chat's `lastChangeSeq` read first, then history). Events that come before
 * the chat is opened are kept and applied then, as a client would once the page is in.
 */
export class ReplicaClient {
  replica: ChatReplica | null = null;
  /** Catch-ups made, and the chat:sync answers they took (more than one: `hasMore` followed). */
  readonly catchUps = { sync: 0, syncAnswers: 0, feed: 0 };
  private socket: ChatClient | null = null;
  private early: ChatMessage[] = [];

  constructor(
    private readonly t: Origin,
    readonly session: AuthSession,
    readonly chatId: string,
    private readonly deriveQuotes: boolean,
  ) {}

  get connected(): boolean {
    return this.socket !== null;
  }

  async connect(): Promise<void> {
    const socket = await connectClient(this.t, this.session);
    const take = ({ message }: { message: ChatMessage }) => {
      if (message.chatId !== this.chatId) return;
      if (this.replica) this.replica.apply(message);
      else this.early.push(message);
    };
    socket.on('message:new', take);
    socket.on('message:updated', take);
    this.socket = socket;
  }

  /**
   * Copies gathered before the chat was opened are dropped: nothing catches them up, so a change
   * made while away would leave them stale (docs/realtime.md, "Replies and quotes", rule 4).
   */
  disconnect(): void {
    this.socket?.disconnect();
    this.socket = null;
    this.early = [];
  }

  /** Opens the chat on its newest page of `pageSize` messages, or on its whole history. */
  async open(pageSize?: number): Promise<void> {
    const calls = messageCalls(this.t, this.session);
    const head = (await calls.chat(this.chatId)).lastChangeSeq;
    const page = pageSize
      ? (await calls.history(this.chatId, `?limit=${pageSize}`)).items
      : await wholeHistory(this.t, this.session, this.chatId);
    const holdsFrom = Math.min(...page.map((m) => m.seq));
    this.replica = new ChatReplica(this.chatId, head, {
      holdsFrom,
      deriveQuotes: this.deriveQuotes,
    });
    [...page, ...this.early].forEach((message) => this.replica!.apply(message));
    this.early = [];
  }

  /** The answer to one of its own operations, applied like any copy. */
  acknowledge(copies: readonly ChatMessage[]): void {
    copies.forEach((message) => this.replica?.apply(message));
  }

  /** Back after being away: connects, then catches up with chat:sync or the REST change feed. */
  async reconnect(by: 'chat:sync' | 'change feed'): Promise<void> {
    await this.connect();
    if (!this.replica) return;
    if (by === 'chat:sync') {
      this.catchUps.sync += 1;
      this.catchUps.syncAnswers += (await this.replica.catchUp(this.socket!)).roundTrips;
    } else {
      this.catchUps.feed += 1;
      // A small page, so that the feed's hasMore is followed too.
      await this.replica.catchUpByFeed(this.t, this.session, 7);
    }
  }
}

/**
 * Where a replica differs from the server's copies: a seq from `holdsFrom` on that it lacks, or a
 * copy it holds (one kept aside included) that is not exactly the server's.
 */
export function differences(replica: ChatReplica, server: readonly ChatMessage[]) {
  const found: Array<{ seq: number; replica?: ChatMessage; server?: ChatMessage }> = [];
  for (const message of server) {
    const held = replica.messages.get(message.seq);
    if (held ? !isDeepStrictEqual(held, message) : message.seq >= replica.holdsFrom) {
      found.push({ seq: message.seq, replica: held, server: message });
    }
  }
  return found;
}

/** The differences once the events still on their way have come (or after `waitMs`). */
export async function settledDifferences(
  replica: ChatReplica,
  server: readonly ChatMessage[],
  waitMs = 2000,
) {
  const deadline = Date.now() + waitMs;
  let found = differences(replica, server);
  while (found.length > 0 && Date.now() < deadline) {
    await sleep(20);
    found = differences(replica, server);
  }
  return found;
}
