/** Why a URL or an address was refused; short and stable, for logs and for the callers' rules. */
export type OutboundRefusal =
  | 'bad_url'
  | 'not_https'
  | 'bad_scheme'
  | 'credentials_in_url'
  | 'host_not_allowed'
  | 'private_address'
  | 'bad_port';

/**
 * The request was not made (or was cut off at connect) because the URL or the address it leads to
 * is not one we may call. Permanent for that URL: retrying gives the same answer.
 */
export class OutboundRefused extends Error {
  override readonly name = 'OutboundRefused';

  constructor(
    readonly reason: OutboundRefusal,
    detail?: string,
  ) {
    super(
      detail
        ? `Outbound request refused (${reason}): ${detail}`
        : `Outbound request refused (${reason})`,
    );
  }
}
