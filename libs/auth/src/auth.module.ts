import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { KvModule } from '@app/kv';
import { AccessTokenGuard } from './access-token.guard';
import { AccessTokenVerifier } from './access-token-verifier';
import { SessionStore } from './session-store';

/**
 * Verifying who is calling: the guard on every HTTP route, and the verifier and session store for
 * the modules that import this (chat's sockets, users' sign-in). Issuing tokens belongs to users.
 */
@Module({
  imports: [JwtModule.register({}), KvModule],
  providers: [
    SessionStore,
    AccessTokenVerifier,
    { provide: APP_GUARD, useClass: AccessTokenGuard },
  ],
  exports: [JwtModule, SessionStore, AccessTokenVerifier],
})
export class AuthModule {}
