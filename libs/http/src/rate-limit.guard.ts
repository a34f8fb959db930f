import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { TooManyRequestsError } from './api-errors';

export const AUTH_RATE_LIMITED = 'http:authRateLimited';

/** Puts a route under the stricter per-IP `auth` limit as well as the general one. */
export const AuthRateLimited = () => SetMetadata(AUTH_RATE_LIMITED, true);

/** Throttler guard answering 429 in the API's error shape with the seconds to wait. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /** Requests from other services over RabbitMQ are not a client's: no per-address limit. */
  override canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() === 'rpc') return Promise.resolve(true);
    return super.canActivate(context);
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new TooManyRequestsError(
      `Too many requests from your address: at most ${detail.limit} per ${detail.ttl / 1000} s`,
      detail.timeToBlockExpire,
    );
  }
}

export function isAuthRateLimited(context: ExecutionContext): boolean {
  return [context.getHandler(), context.getClass()].some(
    (target) => Reflect.getMetadata(AUTH_RATE_LIMITED, target) === true,
  );
}
