/** What the watch needs of the store. */
export interface MissingSeqSource {
  /** The seq this chat is missing below one it holds (n when n+1 came first), or null. */
  missingSeq(chatId: string): number | null;
  /** Asks the server for what the chat is missing (a `chat:sync` from its synced seq). */
  fill(chatId: string): Promise<void>;
}

/** About how long fan-out may bring n after n+1 before n counts as lost on the way. */
export const MISSING_SEQ_GRACE_MS = 1_000;
/** The longest pause between asks while the server does not have the seq yet. */
const MAX_ASK_INTERVAL_MS = 30_000;

interface Waiting {
  seq: number;
  /** Unset while the fill is in flight. */
  timer?: ReturnType<typeof setTimeout>;
  /** Fills done for this seq that did not bring it. */
  asked: number;
}

/**
 * Live fan-out can bring seq n+1 before seq n (several chat instances, or pooled database
 * connections). A seq missing that long is not late but lost, and only a catch-up brings it:
 * this asks for it once it has been missing for the grace period, then less and less often
 * while the server does not have it yet (a write still in progress).
 */
export class MissingSeqWatch {
  private readonly waiting = new Map<string, Waiting>();

  constructor(
    private readonly source: MissingSeqSource,
    private readonly graceMs = MISSING_SEQ_GRACE_MS,
  ) {}

  /** After anything that may open or close a gap in this chat. */
  check(chatId: string): void {
    const missing = this.source.missingSeq(chatId);
    const current = this.waiting.get(chatId);
    // The same seq keeps its deadline: a busy chat must not push the ask back with every message.
    if (current?.seq === missing) return;
    this.forget(chatId);
    if (missing !== null) this.wait(chatId, missing, 0);
  }

  /** Disconnected: the catch-up on reconnect asks from the synced seq anyway. */
  stop(): void {
    for (const chatId of [...this.waiting.keys()]) this.forget(chatId);
  }

  private wait(chatId: string, seq: number, asked: number): void {
    const delay = Math.min(this.graceMs * 2 ** asked, MAX_ASK_INTERVAL_MS);
    const entry: Waiting = { seq, asked };
    entry.timer = setTimeout(() => void this.ask(chatId, entry), delay);
    this.waiting.set(chatId, entry);
  }

  private async ask(chatId: string, entry: Waiting): Promise<void> {
    entry.timer = undefined;
    try {
      await this.source.fill(chatId);
    } catch {
      // Looked at again below, like an answer that did not bring the seq.
    }
    // Stopped, or a newer gap took its place, while the fill was in flight.
    if (this.waiting.get(chatId) !== entry) return;
    this.waiting.delete(chatId);
    const missing = this.source.missingSeq(chatId);
    if (missing === entry.seq) this.wait(chatId, missing, entry.asked + 1);
    else if (missing !== null) this.wait(chatId, missing, 0);
  }

  private forget(chatId: string): void {
    clearTimeout(this.waiting.get(chatId)?.timer);
    this.waiting.delete(chatId);
  }
}
