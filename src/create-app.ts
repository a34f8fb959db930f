import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { projectPath, type AppConfig } from '@app/config';
import { configureHttpApp, setupSwagger } from '@app/http';
import { AppModule } from './app.module';
import { ChatIoAdapter } from './chat/realtime/chat-io.adapter';

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
  app.useStaticAssets(projectPath('apps/web/public'), { index: 'index.html' });
  return app;
}
