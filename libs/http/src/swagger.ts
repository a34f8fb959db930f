import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ACCESS_COOKIE } from '@app/auth';
import { applyDefaultBodies } from './swagger-default-bodies';

/**
 * Swagger UI at `/docs`, the OpenAPI JSON at `/docs-json`; the split services use their own path
 * (`docs/users`, `docs/chat`) so nginx can route both under one origin.
 */
export function setupSwagger(
  app: INestApplication,
  title: string,
  description: string,
  path = 'docs',
): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(title)
      .setDescription(description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addCookieAuth(ACCESS_COOKIE, { type: 'apiKey', in: 'cookie' }, 'cookie')
      .addSecurityRequirements('bearer')
      .addSecurityRequirements('cookie')
      .build(),
  );
  applyDefaultBodies(document);
  SwaggerModule.setup(path, app, document, { jsonDocumentUrl: `${path}-json` });
}
