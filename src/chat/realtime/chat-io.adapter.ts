import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { redactUrl, StartupError, type AppConfig } from '@app/config';

/** Socket payloads are small (text is at most 4,000 characters); bigger frames are refused. */
const MAX_FRAME_BYTES = 64 * 1024;

/**
 * Socket.IO on the HTTP port with CORS limited to WEB_ORIGIN and, when REDIS_URL is set, the Redis
 * adapter, so that rooms and emits span every instance.
 */
export class ChatIoAdapter extends IoAdapter {
  private clients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  /** Connects the Redis pub/sub pair first, so a bad REDIS_URL is a startup error. */
  async connect(): Promise<void> {
    if (this.config.kv.kind !== 'redis') return;
    const { url } = this.config.kv;
    const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    const sub = pub.duplicate();
    this.clients = [pub, sub];
    for (const client of this.clients) client.on('error', () => {});
    try {
      await Promise.all(this.clients.map((client) => client.connect()));
    } catch (error) {
      this.clients.forEach((client) => client.disconnect());
      throw new StartupError('REDIS_URL', redactUrl(url), error);
    }
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      cors: { origin: this.config.http.webOrigins, credentials: true },
      maxHttpBufferSize: MAX_FRAME_BYTES,
    }) as Server;
    if (this.config.kv.kind === 'redis') {
      const [pub, sub] = this.clients;
      server.adapter(createAdapter(pub, sub, { key: `${this.config.kv.keyPrefix}socket.io` }));
    }
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all(this.clients.map((client) => client.quit().catch(() => client.disconnect())));
  }
}
