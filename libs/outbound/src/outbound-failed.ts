/**
 * Why an allowed request failed: no complete answer in time, an answer over the size cap, the
 * network, an answer the caller's `accept` turned down (status or type) before its body was read,
 * or a body in an encoding we do not undo (or that does not decode).
 */
export type OutboundFailure =
  'timeout' | 'response_too_large' | 'network' | 'unwanted_answer' | 'bad_encoding';

/** The request was allowed but did not complete (see `OutboundFailure`). */
export class OutboundFailed extends Error {
  override readonly name = 'OutboundFailed';

  constructor(
    readonly reason: OutboundFailure,
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(
      detail
        ? `Outbound request failed (${reason}): ${detail}`
        : `Outbound request failed (${reason})`,
      options,
    );
  }
}
