import type { INestApplication } from '@nestjs/common';
import type { Application, Response } from 'express';
import { projectPath } from '@app/config';

/**
 * Serves docs/realtime.md (the Socket.IO protocol, generated from libs/contracts) beside Swagger
 * UI at `/<path>/realtime.md`, as plain text a browser shows, so that the API document can link
 * the socket protocol. Returns that address, or undefined where the file is not shipped.
 */
export function serveRealtimeProtocol(app: INestApplication, path: string): string | undefined {
  const file = shippedFile('docs/realtime.md');
  if (!file) return undefined;
  const route = `/${path}/realtime.md`;
  (app.getHttpAdapter().getInstance() as Application).get(route, (_req, res: Response) => {
    res.type('text/plain; charset=utf-8').sendFile(file);
  });
  return route;
}

function shippedFile(relative: string): string | undefined {
  try {
    return projectPath(relative);
  } catch {
    return undefined;
  }
}
