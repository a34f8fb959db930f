import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AccessTokenGuard } from './access-token.guard';
import { AccessTokenVerifier } from './access-token.verifier';
import { SessionStore } from './session.store';

/**
 * Verifying who is calling, shared by every app that serves users (the single process, and later
 * user-service and chat-service). Issuing tokens belongs to the users domain.
 */
@Global()
@Module({
  imports: [JwtModule.register({})],
  providers: [
    SessionStore,
    AccessTokenVerifier,
    { provide: APP_GUARD, useClass: AccessTokenGuard },
  ],
  exports: [JwtModule, SessionStore, AccessTokenVerifier],
})
export class AuthModule {}
