import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import type { ChatServer } from '../fanout/chat-socket';

/** `chat_socket_connections`: the Socket.IO connections open on this instance, read at scrape. */
@Injectable()
export class SocketConnectionsGauge {
  constructor(private readonly registry: Registry) {}

  track(server: ChatServer): void {
    new Gauge({
      name: 'chat_socket_connections',
      help: 'Socket.IO connections open on this instance',
      registers: [this.registry],
      collect() {
        this.set(server.sockets.sockets.size);
      },
    });
  }
}
