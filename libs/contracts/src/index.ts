export * from './users/public-user-profile';
export * from './users/auth-session';
export * from './ports/user-directory.port';
export * from './ports/mail-queue.port';
export * from './http/api-error';
export * from './chat/chat-views';
export * from './chat/realtime-events';
export * from './chat/realtime-protocol';
