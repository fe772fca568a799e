// The default RegistrationAttemptLimiter, on rate-limiter-flexible: one counter of failures per
// key (fixed window) and one "blocked until" entry per key. Any rate-limiter-flexible store
// fits (RateLimiterMemory by default; RateLimiterRedis to share the counts between instances).
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { AttemptPolicy, RegistrationAttemptLimiter } from './registration-attempt-limiter.interface.js';

/** What this limiter needs of a rate-limiter-flexible limiter (`RateLimiterMemory`, `RateLimiterRedis`, ...). */
export interface AttemptCounterStore {
  readonly points: number;
  get(key: string): Promise<{ readonly consumedPoints: number; readonly msBeforeNext: number } | null>;
  penalty(key: string, points?: number): Promise<{ readonly consumedPoints: number; readonly msBeforeNext: number }>;
  block(key: string, secDuration: number): Promise<unknown>;
  delete(key: string): Promise<boolean>;
}

/** Options a store factory receives: pass them on to the rate-limiter-flexible constructor. */
export interface AttemptStoreOptions {
  readonly keyPrefix: string;
  readonly points: number;
  /** Seconds. */
  readonly duration: number;
}

export type AttemptStoreFactory = (options: AttemptStoreOptions) => AttemptCounterStore;

const DEFAULT_POLICY: AttemptPolicy = { freeFailures: 5, baseDelaySeconds: 1, maxDelaySeconds: 900, windowSeconds: 3600, userFailures: 20 };

/**
 * Exponential back-off after `freeFailures` failures: the n-th failure beyond them blocks the
 * key for `baseDelaySeconds · 2^(n-1)`, at most `maxDelaySeconds`.
 *
 * ```ts
 * new RateLimiterAttemptLimiter({ freeFailures: 5 }, (o) => new RateLimiterRedis({ storeClient: redis, ...o }))
 * ```
 */
export class RateLimiterAttemptLimiter implements RegistrationAttemptLimiter {
  readonly policy: AttemptPolicy;
  private readonly failures: AttemptCounterStore;
  private readonly blocks: AttemptCounterStore;

  constructor(policy: Partial<AttemptPolicy> = {}, createStore: AttemptStoreFactory = (o) => new RateLimiterMemory({ ...o })) {
    this.policy = { ...DEFAULT_POLICY, ...policy };
    // Failures only ever grow through `penalty`, so the counter's point budget is never reached.
    this.failures = createStore({ keyPrefix: 'tokens-reg-fail', points: Number.MAX_SAFE_INTEGER, duration: this.policy.windowSeconds });
    this.blocks = createStore({ keyPrefix: 'tokens-reg-block', points: 1, duration: this.policy.maxDelaySeconds });
  }

  async retryAfterMs(key: string): Promise<number> {
    const res = await this.blocks.get(key);
    if (res === null || res.consumedPoints <= this.blocks.points) return 0;
    return Math.max(0, res.msBeforeNext);
  }

  async recordFailure(key: string): Promise<void> {
    const { consumedPoints } = await this.failures.penalty(key, 1);
    const beyond = consumedPoints - this.policy.freeFailures;
    if (beyond <= 0) return;
    const delay = Math.min(this.policy.maxDelaySeconds, this.policy.baseDelaySeconds * 2 ** Math.min(beyond - 1, 30));
    await this.blocks.block(key, delay);
  }

  async reset(key: string): Promise<void> {
    await Promise.all([this.failures.delete(key), this.blocks.delete(key)]);
  }
}
