/**
 * One source address has the ephemeral ports 32768–60999 (about 28,000) for its connections to
 * one server port. Loopback answers on all of 127.0.0.0/8, so the clients are spread over
 * 127.0.0.1, 127.0.0.2, … with this many each, and any count fits.
 */
export const CONNECTIONS_PER_SOURCE_ADDRESS = 20_000;

export function sourceAddress(clientIndex: number): string {
  return `127.0.0.${1 + Math.floor(clientIndex / CONNECTIONS_PER_SOURCE_ADDRESS)}`;
}

/**
 * socket.io-client hands `localAddress` to the `ws` transport (engine.io-client picks it from the
 * options); its option types do not list it, hence this widening.
 */
export function fromSourceAddress<T extends object>(
  clientIndex: number,
  options: T,
): T & { localAddress: string } {
  return { ...options, localAddress: sourceAddress(clientIndex) };
}
