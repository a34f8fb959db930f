import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import type { ChatMessage } from '@app/contracts';
import type { Announced } from '../announced';

/**
 * The HTTP edge's one place for "respond, then announce": a handler returns an `Announced`; the
 * client gets its message, and the chat is told once the response is out ('close' follows the
 * response, and also fires when the client went away: the write is stored either way).
 * docs/architecture.md#persist-then-ack-then-fan-out.
 */
@Injectable()
export class AnnounceAfterResponseInterceptor implements NestInterceptor<Announced, ChatMessage> {
  intercept(context: ExecutionContext, next: CallHandler<Announced>): Observable<ChatMessage> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((done) => {
        response.once('close', () => done.announce());
        return done.message;
      }),
    );
  }
}
