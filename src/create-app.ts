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
  setupSwagger(
    app,
    'Chat platform API',
    'REST API of the chat platform. Sign in by e-mail code or password; send the access token as `Authorization: Bearer …` or rely on the cookies sign-in sets.',
  );
  serveWebClient(app);
  return app;
}
