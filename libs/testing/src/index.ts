export * from './test-services';
export * from './pglite-template';
export * from './postgres-test-database';
export * from './outbox';
export * from './test-app';
export * from './auth-helpers';
export * from './sockets';
export * from './chat-helpers';
