export * from './public-address';
export * from './outbound-refused';
export * from './outbound-failed';
export * from './outbound-policy';
export * from './outbound-slots';
export * from './check-outbound-url';
export * from './send-outbound';
export * from './scripted-resolver';
export type { ResolveHost } from './address-guards';
