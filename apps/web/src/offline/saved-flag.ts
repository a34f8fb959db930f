/**
 * Whether the page shows kept data because the server could not be reached (the "Offline —
 * showing saved messages" banner): set when a kept answer stands in for the server's, cleared
 * when the chat list comes from the server again.
 */
export class SavedDataFlag {
  private value = false;
  private readonly listeners = new Set<() => void>();

  readonly get = (): boolean => this.value;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(value: boolean): void {
    if (value === this.value) return;
    this.value = value;
    this.listeners.forEach((listener) => listener());
  }
}
