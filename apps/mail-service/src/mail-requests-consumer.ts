import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload, type RmqContext } from '@nestjs/microservices';
import type { Channel, Message } from 'amqplib';
import { MAIL_REQUESTED, MailQueue, type MailRequest } from '@app/contracts';
import { requestIdOfMessage } from '@app/messaging';

/**
 * Moves `mail.requested` events into the mail module's own queue (BullMQ, with its retries). The
 * event is acknowledged only once the job is enqueued; a failure hands it back for another
 * delivery (dead-lettered after the queue's delivery limit), and a malformed one is refused
 * straight to the dead-letter queue, so it never blocks the queue.
 */
@Controller()
export class MailRequestsConsumer {
  private readonly logger = new Logger('MailRequests');

  constructor(private readonly mail: MailQueue) {}

  @EventPattern(MAIL_REQUESTED)
  async onRequested(@Payload() request: unknown, @Ctx() context: RmqContext): Promise<void> {
    const channel = context.getChannelRef() as Channel;
    const message = context.getMessage() as Message;
    const reqId = requestIdOfMessage(context);
    if (!isMailRequest(request)) {
      this.logger.warn({ reqId }, 'A malformed mail request was dead-lettered');
      channel.nack(message, false, false);
      return;
    }
    this.logger.log({ reqId, kind: request.kind }, 'Mail request received');
    try {
      if (request.kind === 'otp') await this.mail.enqueueOtp(request.otp);
      else if (request.kind === 'unread') await this.mail.enqueueUnreadNotification(request.unread);
      else await this.mail.enqueueNewSignIn(request.signIn);
      channel.ack(message);
    } catch (error) {
      this.logger.error(
        { err: error, reqId },
        'Could not enqueue a mail request; it will be delivered again',
      );
      channel.nack(message, false, true);
    }
  }
}

const isString = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

function isMailRequest(value: unknown): value is MailRequest {
  if (typeof value !== 'object' || value === null) return false;
  const request = value as {
    kind?: unknown;
    otp?: Record<string, unknown>;
    unread?: Record<string, unknown>;
    signIn?: Record<string, unknown>;
  };
  if (request.kind === 'otp' && request.otp) {
    const { idempotencyKey, to, code, expiresInSec } = request.otp;
    return isString(idempotencyKey) && isString(to) && isString(code) && isCount(expiresInSec);
  }
  if (request.kind === 'unread' && request.unread) {
    const { idempotencyKey, userId, unreadMessages, chats } = request.unread;
    return (
      isString(idempotencyKey) && isString(userId) && isCount(unreadMessages) && isCount(chats)
    );
  }
  if (request.kind === 'sign-in' && request.signIn) {
    const { idempotencyKey, userId, device, signedInAt, signOutEverywhereUrl } = request.signIn;
    return [idempotencyKey, userId, device, signedInAt, signOutEverywhereUrl].every(isString);
  }
  return false;
}
