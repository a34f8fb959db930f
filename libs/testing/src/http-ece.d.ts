/**
 * The part of `http_ece` (Encrypted Content-Encoding for HTTP, RFC 8188) the local push service
 * uses; the package ships no types. Keys and secrets given as strings are base64url.
 */
declare module 'http_ece' {
  import type { ECDH } from 'node:crypto';

  export interface EceParams {
    version?: 'aes128gcm' | 'aesgcm' | 'aesgcm128';
    /** The receiver's key pair (Web Push: the subscription's P-256 key). */
    privateKey?: ECDH;
    /** The sender's public key, for the older `aesgcm`; `aes128gcm` carries it in the body. */
    dh?: string | Buffer;
    /** The subscription's 16-byte authentication secret. */
    authSecret?: string | Buffer;
    salt?: string | Buffer;
    key?: string | Buffer;
    keyid?: string | Buffer;
    rs?: number;
  }

  export function decrypt(buffer: Buffer, params: EceParams): Buffer;
  export function encrypt(buffer: Buffer, params: EceParams): Buffer;
}
