export * from './rmq-options';
export * from './rpc-request';
export * from './rmq-user-directory';
export * from './user-directory-over-rmq.module';
export * from './rmq-mail-queue';
export * from './mail-queue-over-rmq.module';
export * from './dead-letter-queue';
