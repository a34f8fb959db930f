/** Why an allowed request failed; the caller may retry later. */
export type OutboundFailure = 'timeout' | 'response_too_large' | 'network';

/** The request was allowed but did not complete: no answer in time, too big an answer, or the network. */
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
