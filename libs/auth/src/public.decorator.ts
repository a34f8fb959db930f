import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'auth:isPublic';

/** Marks a route (or controller) reachable without signing in. Everything else requires it. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
