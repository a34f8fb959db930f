import type { Request } from 'express';
import { ACCESS_COOKIE } from './auth-user';

/** The access token from `Authorization: Bearer …`, else from the HTTP-only cookie. */
export function accessTokenFrom(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || undefined;
  return cookie(req, ACCESS_COOKIE);
}

export function cookie(req: Request, name: string): string | undefined {
  const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
