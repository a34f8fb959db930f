export * from './auth-user';
export * from './session-store';
export * from './access-token-verifier';
export * from './access-token.guard';
export * from './public.decorator';
export * from './current-user.decorator';
export * from './request-tokens';
export * from './auth.module';
