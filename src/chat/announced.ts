import type { ChatMessage } from '@app/contracts';

/**
 * A write's answer for its caller, and what to tell everyone else once the caller has it: the
 * sender's acknowledgement goes before any copy (docs/architecture.md#persist-then-ack-then-fan-out).
 * Each edge calls `announce` from one place: `SocketEventRunner.runAnnounced` after the ack, and
 * `AnnounceAfterResponseInterceptor` once the HTTP response is sent.
 */
export interface Announced {
  message: ChatMessage;
  announce(): void;
}
