import type {
  AckData,
  ClientToServerEvents,
  EventPayload,
  ServerToClientEvents,
} from '@app/contracts';

export type { AckData };
export type Payload<E extends keyof ClientToServerEvents> = EventPayload<E>;

/** A refused acknowledgement (`{ ok: false }`) or no acknowledgement in time. */
export class RealtimeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RealtimeError';
  }
}

/** What the chat store needs of the socket; the browser binds it to socket.io-client, tests to a fake. */
export interface RealtimeLink {
  readonly connected: boolean;
  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): void;
  onConnectionChange(handler: (connected: boolean) => void): void;
  /** Emits and resolves with the acknowledged data; rejects with `RealtimeError`. */
  request<E extends keyof ClientToServerEvents>(event: E, payload: Payload<E>): Promise<AckData<E>>;
}
