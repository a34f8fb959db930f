export interface OtpMailRequest {
  /** Lower-cased recipient address. */
  to: string;
  code: string;
  expiresInSec: number;
  /** Lets one sign-in be followed from the API call to the delivered e-mail. */
  requestId?: string;
}

/**
 * How users and chat ask for e-mail. Enqueueing returns as soon as the request is safely accepted;
 * delivery happens later, with retries, in the mail module.
 */
export abstract class MailQueue {
  abstract enqueueOtp(request: OtpMailRequest): Promise<void>;
}
