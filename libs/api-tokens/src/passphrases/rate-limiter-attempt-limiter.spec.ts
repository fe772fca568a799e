import { RateLimiterAttemptLimiter } from './rate-limiter-attempt-limiter.js';

describe('RateLimiterAttemptLimiter (in memory)', () => {
  it('lets the free failures pass, then delays exponentially up to the cap', async () => {
    const limiter = new RateLimiterAttemptLimiter({ freeFailures: 3, baseDelaySeconds: 2, maxDelaySeconds: 10, windowSeconds: 60 });
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      await limiter.recordFailure('user:a');
      delays.push(Math.round((await limiter.retryAfterMs('user:a')) / 1000));
    }
    expect(delays).toEqual([0, 0, 0, 2, 4, 8, 10]);
  });

  it('counts keys apart and forgets a key on reset', async () => {
    const limiter = new RateLimiterAttemptLimiter({ freeFailures: 0, baseDelaySeconds: 5 });
    await limiter.recordFailure('ip:192.0.2.1');
    expect(await limiter.retryAfterMs('ip:192.0.2.1')).toBeGreaterThan(4000);
    expect(await limiter.retryAfterMs('ip:192.0.2.2')).toBe(0);
    await limiter.reset('ip:192.0.2.1');
    expect(await limiter.retryAfterMs('ip:192.0.2.1')).toBe(0);
    await limiter.recordFailure('ip:192.0.2.1');
    expect(Math.round((await limiter.retryAfterMs('ip:192.0.2.1')) / 1000)).toBe(5); // back to the first delay
  });

  it('lifts the delay when it has run out', async () => {
    const limiter = new RateLimiterAttemptLimiter({ freeFailures: 0, baseDelaySeconds: 1 });
    await limiter.recordFailure('k');
    expect(await limiter.retryAfterMs('k')).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await limiter.retryAfterMs('k')).toBe(0);
  });

  it('works over any rate-limiter-flexible store passed in', async () => {
    const created: string[] = [];
    const { RateLimiterMemory } = await import('rate-limiter-flexible');
    const limiter = new RateLimiterAttemptLimiter({ freeFailures: 1 }, (options) => {
      created.push(`${options.keyPrefix}:${options.duration}`);
      return new RateLimiterMemory({ ...options });
    });
    expect(created).toEqual(['tokens-reg-fail:3600', 'tokens-reg-block:900']);
    await limiter.recordFailure('x');
    await limiter.recordFailure('x');
    expect(await limiter.retryAfterMs('x')).toBeGreaterThan(0);
  });
});
