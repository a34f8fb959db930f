/** The outbound policy push endpoints are held to (see push-endpoint-policy.ts). */
export const PUSH_ENDPOINT_POLICY = Symbol('PUSH_ENDPOINT_POLICY');
