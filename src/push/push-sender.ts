import { Inject, Injectable } from '@nestjs/common';
import { generateRequestDetails } from 'web-push';
import type { PushPayload } from '@app/contracts';
import { OutboundRefused, sendOutbound, type OutboundPolicy } from '@app/outbound';
import type { PushSubscriptionRecord } from './persistence/push.records';
import { RetryablePushError, type PushUrgency } from './push-job';
import { PUSH_ENDPOINT_POLICY } from './push-tokens';
import { VapidKeys } from './vapid-keys';

const TIMEOUT_MS = 10_000;
/** Push services answer with a few bytes; more is not read. */
const MAX_RESPONSE_BYTES = 16 * 1024;

/** What a push service made of one notification. */
export type PushOutcome =
  | 'delivered'
  /** 404 or 410: the subscription is gone for good. */
  | 'gone'
  /** Refused for a reason retrying cannot fix (400, 401, 403, 413, or our own address check). */
  | 'refused';

/**
 * One notification to one device: web-push encrypts the payload (RFC 8291) and signs the VAPID
 * header (RFC 8292); the request itself goes through `sendOutbound`, which holds the endpoint to
 * the push-service policy on the address actually connected to and never follows a redirect.
 * Busy or failing push services (429, 5xx, no answer) throw `RetryablePushError`.
 */
@Injectable()
export class PushSender {
  constructor(
    private readonly keys: VapidKeys,
    @Inject(PUSH_ENDPOINT_POLICY) private readonly policy: OutboundPolicy,
  ) {}

  async send(
    subscription: PushSubscriptionRecord,
    payload: PushPayload,
    options: { urgency: PushUrgency; topic: string; ttlSec: number },
  ): Promise<PushOutcome> {
    const details = generateRequestDetails(
      {
        endpoint: subscription.endpoint,
        keys: { p256dh: subscription.p256dh, auth: subscription.auth },
      },
      JSON.stringify(payload),
      {
        vapidDetails: {
          subject: this.keys.subject,
          publicKey: this.keys.publicKey,
          privateKey: this.keys.privateKey,
        },
        TTL: options.ttlSec,
        urgency: options.urgency,
        topic: options.topic,
        contentEncoding: 'aes128gcm',
      },
    );
    let status: number;
    let retryAfter: string | undefined;
    try {
      const response = await sendOutbound(
        {
          method: 'POST',
          url: details.endpoint,
          headers: details.headers,
          body: details.body ?? Buffer.alloc(0),
          timeoutMs: TIMEOUT_MS,
          maxResponseBytes: MAX_RESPONSE_BYTES,
        },
        this.policy,
      );
      status = response.status;
      retryAfter = headerOf(response.headers['retry-after']);
    } catch (error) {
      if (error instanceof OutboundRefused) return 'refused';
      throw new RetryablePushError(`No answer from the push service: ${errorText(error)}`);
    }
    if (status >= 200 && status < 300) return 'delivered';
    if (status === 404 || status === 410) return 'gone';
    if (status === 429 || status >= 500)
      throw new RetryablePushError(`Push service answered ${status}`, retryAfterMs(retryAfter));
    return 'refused';
  }
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Retry-After as seconds or as an HTTP date. */
function retryAfterMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
