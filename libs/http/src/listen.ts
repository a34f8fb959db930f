import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';

/**
 * Node's default accept queue holds 511 connections. When thousands of clients reconnect at once
 * (after a restart or deploy) it overflows, the kernel drops their handshakes, and each waits 1,
 * 3, 7… seconds to try again. The kernel still caps this at net.core.somaxconn.
 */
export const LISTEN_BACKLOG = 4096;

/** `app.listen(port)`, with the longer accept queue (Nest's listen has no backlog parameter). */
export async function listenWithBacklog(app: INestApplication, port: number): Promise<void> {
  await app.init();
  const server = app.getHttpServer() as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
