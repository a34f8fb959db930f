import { ApiError } from '../api/http';
import { RealtimeError } from '../state/realtime-link';
import { refusedForGood } from './send-failure';

describe('refusedForGood', () => {
  it('is true for refusals a retry cannot change: blocked, not a member, invalid, too large', () => {
    expect(refusedForGood(new RealtimeError('forbidden', 'You cannot send here'))).toBe(true);
    expect(refusedForGood(new RealtimeError('blocked', 'You cannot send to this person'))).toBe(
      true,
    );
    expect(refusedForGood(new RealtimeError('not_a_member', 'You left this chat'))).toBe(true);
    expect(refusedForGood(new RealtimeError('validation_failed', 'Too long'))).toBe(true);
    expect(refusedForGood(new ApiError(413, 'Image too large'))).toBe(true);
    expect(refusedForGood(new ApiError(404, 'Chat not found'))).toBe(true);
  });

  it('is false for what may pass later: busy, rate limited, no answer, offline', () => {
    expect(refusedForGood(new RealtimeError('unavailable', 'Busy'))).toBe(false);
    expect(refusedForGood(new RealtimeError('rate_limited', 'Slow down'))).toBe(false);
    expect(refusedForGood(new RealtimeError('timeout', 'No answer'))).toBe(false);
    expect(refusedForGood(new ApiError(503, 'Down'))).toBe(false);
    expect(refusedForGood(new Error('network'))).toBe(false);
  });
});
