import { FailureBudgetLimiter } from './failure-budget-limiter.js';

describe('FailureBudgetLimiter', () => {
  it('holds a key once its budget is spent, for the rest of the window only', async () => {
    const limiter = new FailureBudgetLimiter(3, 60);
    for (let i = 0; i < 2; i++) await limiter.recordFailure('user:alice');
    expect(await limiter.retryAfterMs('user:alice')).toBe(0);
    await limiter.recordFailure('user:alice');
    const wait = await limiter.retryAfterMs('user:alice');
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    // More failures during the hold do not lengthen it.
    for (let i = 0; i < 10; i++) await limiter.recordFailure('user:alice');
    expect(await limiter.retryAfterMs('user:alice')).toBeLessThanOrEqual(wait);
    expect(await limiter.retryAfterMs('user:bob')).toBe(0);
    await limiter.reset('user:alice');
    expect(await limiter.retryAfterMs('user:alice')).toBe(0);
  });
});
