import type { INestApplication } from '@nestjs/common';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { Application, Request, Response } from 'express';
import type { SplitServiceInstance } from '@app/config';
import { fetchWithin, reasonOf, shared } from '@app/observability';
import { omitCookies, SIGNING_IN_HERE } from './swagger';
import { DEPLOYMENT_OPS_PATHS } from './swagger-deployment-ops';
import { mergeDocuments, type ServiceDocument } from './swagger-merge';

/** The split services that have an API, each documented at `/docs/<service>` (JSON at `-json`). */
export const DOCUMENTED_SERVICES = ['users', 'chat'] as const;
export type DocumentedService = (typeof DOCUMENTED_SERVICES)[number];

/** Where a split service's own Swagger UI is; its document is at this path plus `-json`. */
export const serviceDocsPath = (service: string) => `docs/${service}`;

interface DeploymentDocument {
  document: OpenAPIObject;
  /** The services whose routes are not in it, and why. */
  missing: string[];
}

async function serviceDocument(service: DocumentedService, url: string): Promise<OpenAPIObject> {
  const res = await fetchWithin(`${url}/${serviceDocsPath(service)}-json`);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as OpenAPIObject;
}

/** One instance's document is every instance's: the first of them to answer gives it. */
async function collect(instances: SplitServiceInstance[]): Promise<DeploymentDocument> {
  const parts: ServiceDocument[] = [];
  const missing: string[] = [];
  for (const service of DOCUMENTED_SERVICES) {
    const urls = instances.filter((i) => i.service === service).map((i) => i.url);
    try {
      if (urls.length === 0) throw new Error('not listed in SPLIT_SERVICES');
      const document = await Promise.any(urls.map((url) => serviceDocument(service, url)));
      parts.push({ service, document });
    } catch (error) {
      const reasons: unknown[] = error instanceof AggregateError ? error.errors : [error];
      missing.push(`${service} (${[...new Set(reasons.map(reasonOf))].join('; ')})`);
    }
  }
  return { document: merge(parts, missing), missing };
}

/** Each service's description once, without the sign-in paragraph every one of them ends with. */
function merge(parts: ServiceDocument[], missing: string[]): OpenAPIObject {
  const own = parts.map(({ service, document }) => {
    const text = (document.info.description ?? '').replace(`\n\n${SIGNING_IN_HERE}`, '');
    return `**${service}** ([/${serviceDocsPath(service)}](/${serviceDocsPath(service)})): ${text}`;
  });
  const description = [
    missing.length > 0 &&
      `**Incomplete: the routes of ${missing.join(', ')} are missing, as that service did not give its document. Reload once it is back.**`,
    'Every route behind this origin: the documents of the services of the split deployment as one. `/health`, `/health/ready` and `/metrics` answer for every service together.',
    ...own,
    SIGNING_IN_HERE,
  ]
    .filter(Boolean)
    .join('\n\n');
  return mergeDocuments(
    parts,
    {
      openapi: '3.0.0',
      info: { title: 'Chat platform API', description, version: '1' },
      security: [{ bearer: [] }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    DEPLOYMENT_OPS_PATHS,
  );
}

/** Shares the answer in progress and keeps it briefly: Swagger UI asks twice per page load. */
function briefly<T>(work: () => Promise<T>, keepMs: number): () => Promise<T> {
  let kept: { value: Promise<T>; until: number } | undefined;
  const run = shared(work);
  return () => {
    if (!kept || kept.until < Date.now()) kept = { value: run(), until: Date.now() + keepMs };
    return kept.value;
  };
}

/**
 * One document for the whole split deployment at `/docs` (Swagger UI) and `/docs-json`, where nginx
 * sends them: each request collects the services' own documents over HTTP, from the instances
 * SPLIT_SERVICES lists, and merges them. A service that does not answer leaves its routes out and
 * says so at the top; `/docs-json` is then a 503 (a client generated from it would lack routes).
 */
export function setupDeploymentSwagger(
  app: INestApplication,
  instances: SplitServiceInstance[] | undefined,
): void {
  const build = briefly(() => collect(instances ?? []), 2000);
  SwaggerModule.setup('docs', app, merge([], []), {
    raw: false,
    swaggerOptions: { requestInterceptor: omitCookies },
    patchDocumentOnRequest: async () => (await build()).document,
  });
  const express = app.getHttpAdapter().getInstance() as Application;
  express.get('/docs-json', async (_req: Request, res: Response) => {
    const { document, missing } = await build();
    res.status(missing.length > 0 ? 503 : 200).json(document);
  });
}
