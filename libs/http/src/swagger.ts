import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { applyDefaultBodies } from './swagger-default-bodies';
import { markPublicOperations } from './swagger-public-routes';
import { serveRealtimeProtocol } from './swagger-realtime-page';

export interface SwaggerPage {
  title: string;
  /** What this app's API is; setupSwagger adds how to sign in here and, if served, the socket link. */
  description: string;
  /** Where Swagger UI is; the split services use their own (`docs/users`, `docs/chat`). */
  path?: string;
  /** The app speaks Socket.IO: serve docs/realtime.md beside the page and link it. */
  realtimeProtocol?: boolean;
}

/**
 * Swagger UI's requests carry no cookies and take none (fetch `credentials: 'omit'`): signing in
 * here must not replace the session of the web app open in the same browser (sign-in sets its
 * cookies on this origin), and the app's cookies must not sign in requests Authorize did not.
 * Runs in the browser: Swagger UI is given its source text.
 */
export const omitCookies = (request: { credentials?: string }) => {
  request.credentials = 'omit';
  return request;
};

export const SIGNING_IN_HERE = [
  '**Signing in here:** Authorize takes the `accessToken` of a sign-in answer (bearer). Requests made from this page carry no cookies and set none, so signing in here leaves the session of the web app in this browser as it is, and that session does not sign these requests in.',
  'Outside this page the API also accepts the HTTP-only cookies sign-in sets.',
].join(' ');

/** Swagger UI at `/<path>`, the OpenAPI document at `/<path>-json`. */
export function setupSwagger(app: INestApplication, page: SwaggerPage): void {
  const path = page.path ?? 'docs';
  const realtime = page.realtimeProtocol ? serveRealtimeProtocol(app, path) : undefined;
  const description = [
    page.description,
    realtime &&
      `The real-time protocol (Socket.IO on this origin: every event, payload, acknowledgement and error code) is in [realtime.md](${realtime}).`,
    SIGNING_IN_HERE,
  ]
    .filter(Boolean)
    .join('\n\n');
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(page.title)
      .setDescription(description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addSecurityRequirements('bearer')
      .build(),
  );
  markPublicOperations(app, document);
  applyDefaultBodies(document);
  SwaggerModule.setup(path, app, document, {
    jsonDocumentUrl: `${path}-json`,
    swaggerOptions: { requestInterceptor: omitCookies },
  });
}
