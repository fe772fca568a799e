// The default per-user RegistrationAttemptLimiter: a budget of failures per fixed window. Once it
// is spent the key waits for the window to end; failures while it waits do not extend it, so
// nobody can keep a user name held for longer than one window by failing once in a while.
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { AttemptCounterStore, AttemptStoreFactory } from './rate-limiter-attempt-limiter.js';
import type { RegistrationAttemptLimiter } from './registration-attempt-limiter.interface.js';

/**
 * ```ts
 * new FailureBudgetLimiter(20, 3600, (o) => new RateLimiterRedis({ storeClient: redis, ...o }))
 * ```
 */
export class FailureBudgetLimiter implements RegistrationAttemptLimiter {
  private readonly failures: AttemptCounterStore;

  constructor(
    /** Failures allowed per window. */
    readonly budget: number,
    /** Length of the window, in seconds, from the first failure. */
    readonly windowSeconds: number,
    createStore: AttemptStoreFactory = (o) => new RateLimiterMemory({ ...o }),
  ) {
    this.failures = createStore({ keyPrefix: 'tokens-reg-budget', points: budget, duration: windowSeconds });
  }

  async retryAfterMs(key: string): Promise<number> {
    const res = await this.failures.get(key);
    if (res === null || res.consumedPoints < this.budget) return 0;
    return Math.max(1, res.msBeforeNext);
  }

  async recordFailure(key: string): Promise<void> {
    await this.failures.penalty(key, 1);
  }

  async reset(key: string): Promise<void> {
    await this.failures.delete(key);
  }
}
