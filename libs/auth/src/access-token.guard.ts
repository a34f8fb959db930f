import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AccessTokenVerifier } from './access-token-verifier';
import type { AuthUser } from './auth-user';
import { IS_PUBLIC } from './public.decorator';
import { accessTokenFrom } from './request-tokens';

export type AuthenticatedRequest = Request & { user: AuthUser };

/** Global guard: every HTTP route requires a valid access token unless marked `@Public()`. */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    req.user = await this.verifier.verify(accessTokenFrom(req));
    return true;
  }
}
