/**
 * Which member got which message in one run, for runs that must show that every acknowledged
 * message reached every other member exactly once (soak). Totals alone cannot: one duplicate
 * hides one loss. Typed arrays indexed by the run's message number, one bit per position in the
 * chat, so a ten-minute run of ~10^6 messages costs a few MB in the load generator, not a Set each.
 */
export const MAX_TRACKED_CHAT_SIZE = 32;

export class DeliveryLedger {
  /** Bit p: the member at chat position p got the message. */
  private bits = new Uint32Array(4096);
  /** Members other than the sender, set when acknowledged: an unacknowledged message is owed to no one. */
  private owed = new Uint8Array(4096);
  private size = 0;
  duplicated = 0;

  /** `first`: the message number (clientMessageId counter) of the run's first message. */
  constructor(private readonly first: number) {}

  sent(message: number): void {
    const i = message - this.first;
    if (i >= this.bits.length) this.grow(i + 1);
    this.size = Math.max(this.size, i + 1);
  }

  acked(message: number, receivers: number): void {
    const i = message - this.first;
    this.owed[i] = receivers;
  }

  /** A copy arrived at the member in `position`; copies of an earlier run's messages are not ours. */
  received(message: number, position: number): void {
    const i = message - this.first;
    if (i < 0 || i >= this.size) return;
    const bit = 1 << position;
    if (this.bits[i] & bit) this.duplicated += 1;
    this.bits[i] |= bit;
  }

  /** Acknowledged messages that some member other than the sender has not (yet) got. */
  lost(): number {
    let lost = 0;
    for (let i = 0; i < this.size; i += 1) {
      if (popcount(this.bits[i]) < this.owed[i]) lost += 1;
    }
    return lost;
  }

  private grow(atLeast: number): void {
    let length = this.bits.length;
    while (length < atLeast) length *= 2;
    const bits = new Uint32Array(length);
    const owed = new Uint8Array(length);
    bits.set(this.bits);
    owed.set(this.owed);
    [this.bits, this.owed] = [bits, owed];
  }
}

function popcount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
