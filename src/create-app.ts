import { NestFactory } from '@nestjs/core';
import type { Application, NextFunction, Request, RequestHandler, Response } from 'express';
import { existsSync, readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { projectPath, type AppConfig } from '@app/config';
import { configureHttpApp, setupSwagger } from '@app/http';
import { AppModule } from './app.module';
import { ChatIoAdapter } from './chat/socket/chat-io.adapter';

/** The copies the web build writes beside each text file (apps/web/precompress.mts), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * Vite puts a content hash in the name of everything under assets/: such a file never changes, so
 * browsers keep it for a year without asking. Anything else (index.html, favicon.svg) keeps its
 * name from build to build and is checked every time.
 */
function cacheControlFor(urlPath: string): string {
  return urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * Sends the build's brotli or gzip copy of a file to a browser that takes it (brotli first, it is
 * the smaller), with the original's type and caching; anything else goes on to the static files.
 * The build's files are listed once, at startup: a request names one of them or is not served here.
 */
function precompressed(root: string): RequestHandler {
  const files = new Map<string, { file: string; encodings: string[] }>();
  for (const file of filesUnder(root)) {
    if (ENCODINGS.some((e) => file.endsWith(e.suffix))) continue;
    const encodings = ENCODINGS.filter((e) => existsSync(file + e.suffix)).map((e) => e.name);
    if (encodings.length > 0)
      files.set(`/${relative(root, file).split(sep).join('/')}`, { file, encodings });
  }
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const urlPath = req.path === '/' ? '/index.html' : req.path;
    const entry = files.get(urlPath);
    if (!entry) return next();
    // Caches must keep the encodings apart, whichever one this answer is.
    res.vary('Accept-Encoding');
    const taken = new Set(req.acceptsEncodings());
    const encoding = ENCODINGS.find((e) => taken.has(e.name) && entry.encodings.includes(e.name));
    if (!encoding) return next();
    res.setHeader('Content-Encoding', encoding.name);
    res.setHeader('Cache-Control', cacheControlFor(urlPath));
    res.type(extname(entry.file));
    res.sendFile(
      entry.file + encoding.suffix,
      { cacheControl: false, acceptRanges: false },
      (error) => {
        // A browser that went away mid-answer is no error of ours.
        if (error && !res.headersSent) next(error);
      },
    );
  };
}

/** The built client at `/`; a page saying how to build it when it is missing (API-only checkouts). */
function serveWebClient(app: NestExpressApplication): void {
  const web = projectPath('apps/web');
  const built = join(web, 'dist');
  const express = app.getHttpAdapter().getInstance() as Application;
  if (existsSync(join(built, 'index.html'))) {
    express.use(precompressed(built));
    app.useStaticAssets(built, {
      index: 'index.html',
      setHeaders: (res: Response, path: string) =>
        res.setHeader(
          'Cache-Control',
          cacheControlFor(`/${relative(built, path).split(sep).join('/')}`),
        ),
    });
    return;
  }
  const notBuilt = join(web, 'not-built.html');
  express.get('/', (_req, res: Response) => {
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
