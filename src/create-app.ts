import { NestFactory } from '@nestjs/core';
import type { Application, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { projectPath, type AppConfig } from '@app/config';
import { configureHttpApp, setupSwagger } from '@app/http';
import { AppModule } from './app.module';
import { ChatIoAdapter } from './chat/socket/chat-io.adapter';

/** The built client at `/`; a page saying how to build it when it is missing (API-only checkouts). */
function serveWebClient(app: NestExpressApplication): void {
  const web = projectPath('apps/web');
  const built = join(web, 'dist');
  if (existsSync(join(built, 'index.html'))) {
    app.useStaticAssets(built, {
      index: 'index.html',
      // Vite puts a content hash in every asset name; only index.html must be fetched again.
      setHeaders: (res: Response, path: string) =>
        res.setHeader(
          'Cache-Control',
          path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
        ),
    });
    return;
  }
  const notBuilt = join(web, 'not-built.html');
  (app.getHttpAdapter().getInstance() as Application).get('/', (_req, res: Response) => {
    res.sendFile(notBuilt);
  });
}

/** Where an integrator finds the sign-in code: in development, in the outbox. */
const SIGN_IN_BY_CODE =
  'Sign in by e-mail code: `POST /api/v1/auth/otp/request`, then `POST /api/v1/auth/otp/verify` with the code (or register with a password). Without `SMTP_URL` (development) the e-mail is not sent but written to `DATA_DIR/outbox` (`./data/outbox` by default) as an `.eml` file: the newest one, the code in its subject.';

/** Builds the single-process app (not yet listening): used by `main.ts` and the e2e tests. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  configureHttpApp(app, config);
  const io = new ChatIoAdapter(app, config);
  await io.connect();
  app.useWebSocketAdapter(io);
  setupSwagger(app, {
    title: 'Chat platform API',
    description: `REST API of the chat platform. ${SIGN_IN_BY_CODE}`,
    realtimeProtocol: true,
  });
  serveWebClient(app);
  return app;
}
