import { RequestMethod, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@app/config';
import { requestContextMiddleware } from '@app/observability';
import { ApiExceptionFilter } from './api-exception.filter';
import { createValidationPipe } from './validation.pipe';

export const API_PREFIX = 'api/v1';
const JSON_BODY_LIMIT = '100kb';
/** Where Cloudinary serves images (`secure_url` and the thumbnails' delivery URLs). */
const CLOUDINARY_DELIVERY = 'https://res.cloudinary.com';

/** The HTTP behaviour every app shares: security headers, CORS, cookies, validation, errors, logs. */
export function configureHttpApp(app: NestExpressApplication, config: AppConfig): INestApplication {
  app.useLogger(app.get(Logger));
  // Apps are created with bufferLogs; Nest flushes only from its own listen(), which ours do not
  // use. Without this, every later log line is kept in memory and never written.
  app.flushLogs();
  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');
  app.use(requestContextMiddleware);
  // Helmet's defaults, with `blob:` images (the web client previews an image before uploading
  // it) and, with Cloudinary storage, its delivery host, where image and avatar URLs point.
  const images = ["'self'", 'data:', 'blob:'];
  if (config.media.storage.kind === 'cloudinary') images.push(CLOUDINARY_DELIVERY);
  app.use(helmet({ contentSecurityPolicy: { directives: { 'img-src': images } } }));
  app.use(cookieParser());
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.enableCors({ origin: config.http.webOrigins, credentials: true });
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.enableShutdownHooks();
  return app;
}
