import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type {
  Ack as AckResponse,
  AckCallback,
  AckData,
  ClientToServerEvents,
} from '@app/contracts';
import { runWithRequestId } from '@app/observability';
import type { Announced } from '../announced';
import type { ChatSocket } from '../fanout/chat-socket';
import { userOf } from './socket-auth.middleware';
import { SocketEventBudget, type EventAllowance } from './socket-event-budget';
import { acknowledge } from './ws-ack';

/** The callback a client sent with event `E`, if it sent one. */
export type ClientAck<E extends keyof ClientToServerEvents> = AckCallback<AckData<E>> | undefined;

/** How every gateway handler runs its event. */
@Injectable()
export class SocketEventRunner {
  constructor(private readonly budget: SocketEventBudget) {}

  /**
   * Within the person's budget for the event (else `rate_limited` with the wait), with an id of
   * its own in the logs, and acknowledged exactly once whatever happens inside. A costly event
   * (chat:sync) asks for what is left of its budget and spends it on what it reads. A client that
   * sent no callback gets nothing back.
   */
  async run<E extends keyof ClientToServerEvents>(
    socket: ChatSocket,
    event: E,
    ack: ClientAck<E>,
    work: (allowance: () => EventAllowance) => Promise<AckData<E>>,
  ): Promise<void> {
    const { userId } = userOf(socket);
    const admission = this.budget.take(userId, event);
    const response: AckResponse<AckData<E>> = admission.allowed
      ? await runWithRequestId(randomUUID(), () =>
          acknowledge(() => work(() => this.budget.allowance(userId, event))),
        )
      : {
          ok: false,
          error: {
            code: 'rate_limited',
            message: `Too many ${event} events: wait a moment`,
            retryAfterMs: admission.retryAfterMs,
          },
        };
    ack?.(response);
  }

  /**
   * `run` for a write that others hear of: acknowledged with the message, then announced, so the
   * sender's ack goes out before any copy (docs/architecture.md#persist-then-ack-then-fan-out).
   */
  async runAnnounced<E extends keyof ClientToServerEvents>(
    socket: ChatSocket,
    event: E,
    ack: ClientAck<E>,
    work: () => Promise<Announced & { message: AckData<E> }>,
  ): Promise<void> {
    let done: Announced | undefined;
    await this.run(socket, event, ack, async () => {
      const result = await work();
      done = result;
      return result.message;
    });
    done?.announce();
  }
}
