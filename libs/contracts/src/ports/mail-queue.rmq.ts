import type {
  NewSignInRequest,
  OtpMailRequest,
  UnreadNotificationRequest,
} from './mail-queue.port';

/**
 * The `MailQueue` port over RabbitMQ (split deployment): users and chat publish `mail.requested`
 * events to a durable queue; mail-service consumes them into its BullMQ queue. Messages that
 * cannot be handled (malformed, unknown, or failing every attempt) go to the dead-letter queue.
 */
export const MAIL_REQUESTED = 'mail.requested';
export const MAIL_REQUESTS_QUEUE = 'mail.requested';
export const MAIL_DEAD_LETTER_QUEUE = 'mail.requested.dead';

export type MailRequest =
  | { kind: 'otp'; otp: OtpMailRequest }
  | { kind: 'unread'; unread: UnreadNotificationRequest }
  | { kind: 'sign-in'; signIn: NewSignInRequest };
