import { RateLimiter } from './rate-limiter';

describe('per-key rate limit (token bucket)', () => {
  it('a key may spend its burst at once, then waits for tokens to come back; other keys are not affected', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 4, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('till-1'))).toEqual([0, 0, 0, 0]);
    expect(limiter.take('till-1')).toBe(1);
    expect(limiter.take('till-2')).toBe(0);
    now = 500;
    expect(limiter.take('till-1')).toBe(0);
    expect(limiter.take('till-1')).toBe(1);
  });
});
