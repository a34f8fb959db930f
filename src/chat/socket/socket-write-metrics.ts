import { Counter, Gauge, type Registry } from 'prom-client';
import type { SocketWriteBound } from './socket-write-bound';

/**
 * Connections closed for not reading, counted as they are closed; and the bytes waiting to be
 * written (all connections, and the most for one), read at scrape: the memory held for clients
 * that read slowly, and how close the slowest is to SOCKET_MAX_BUFFERED.
 */
export class SocketWriteMetrics {
  readonly closes: Counter;

  constructor(private readonly registry: Registry) {
    this.closes = new Counter({
      name: 'chat_socket_write_bound_closes_total',
      help: 'Socket.IO connections closed for having more than SOCKET_MAX_BUFFERED bytes waiting to be written (a client that does not read)',
      registers: [registry],
    });
  }

  track(bound: SocketWriteBound): void {
    new Gauge({
      name: 'chat_socket_write_waiting_bytes',
      help: 'Bytes waiting to be written to the Socket.IO connections of this instance',
      registers: [this.registry],
      collect() {
        this.set(bound.waiting().reduce((sum, bytes) => sum + bytes, 0));
      },
    });
    new Gauge({
      name: 'chat_socket_write_waiting_max_bytes',
      help: 'Most bytes waiting to be written to one Socket.IO connection',
      registers: [this.registry],
      collect() {
        this.set(bound.waiting().reduce((most, bytes) => Math.max(most, bytes), 0));
      },
    });
  }
}
