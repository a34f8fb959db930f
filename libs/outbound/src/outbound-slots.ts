/** How many requests may be under way at once: to one host, and in all. */
export interface SlotLimits {
  perHost: number;
  total: number;
}

/**
 * Requests under way at once, per host and in all, in this process. A caller that finds no slot
 * free is told at once and skips its request rather than waiting: a queue would grow without
 * bound while one slow host holds every slot.
 */
export class OutboundSlots {
  private readonly byHost = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: SlotLimits) {}

  /** A slot for a request to `host`, with the call that frees it; null when none is free. */
  tryTake(host: string): (() => void) | null {
    const key = host.toLowerCase();
    const onHost = this.byHost.get(key) ?? 0;
    if (this.total >= this.limits.total || onHost >= this.limits.perHost) return null;
    this.total++;
    this.byHost.set(key, onHost + 1);
    let freed = false;
    return () => {
      if (freed) return;
      freed = true;
      this.total--;
      const left = (this.byHost.get(key) ?? 1) - 1;
      if (left > 0) this.byHost.set(key, left);
      else this.byHost.delete(key);
    };
  }

  /** Requests under way now, in all. */
  get inFlight(): number {
    return this.total;
  }
}
