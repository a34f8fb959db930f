import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import {
  MAIL_REQUESTED,
  MailQueue,
  type MailRequest,
  type NewSignInRequest,
  type OtpMailRequest,
  type UnreadNotificationRequest,
} from '@app/contracts';
import { outgoing } from './request-id-header';

export const MAIL_QUEUE_CLIENT = Symbol('MAIL_QUEUE_CLIENT');
export const MAIL_QUEUE_TIMEOUT_MS = Symbol('MAIL_QUEUE_TIMEOUT_MS');

/**
 * The split binding of `MailQueue`. It returns only once the broker has confirmed the persistent
 * message (a confirm channel), so "accepted" means stored; no confirmation in time (the broker is
 * down or restarting) is a 503, never an accepted request that is then lost.
 */
@Injectable()
export class RmqMailQueue extends MailQueue {
  constructor(
    @Inject(MAIL_QUEUE_CLIENT) private readonly client: ClientProxy,
    @Inject(MAIL_QUEUE_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {
    super();
  }

  enqueueOtp(otp: OtpMailRequest): Promise<void> {
    return this.publish({ kind: 'otp', otp });
  }

  enqueueUnreadNotification(unread: UnreadNotificationRequest): Promise<void> {
    return this.publish({ kind: 'unread', unread });
  }

  enqueueNewSignIn(signIn: NewSignInRequest): Promise<void> {
    return this.publish({ kind: 'sign-in', signIn });
  }

  private async publish(request: MailRequest): Promise<void> {
    try {
      await firstValueFrom(
        this.client.emit(MAIL_REQUESTED, outgoing(request)).pipe(timeout(this.timeoutMs)),
        {
          defaultValue: undefined,
        },
      );
    } catch {
      throw new ServiceUnavailableException('E-mail cannot be queued right now; try again shortly');
    }
  }
}
