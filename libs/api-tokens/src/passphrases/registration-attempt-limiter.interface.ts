/**
 * Counts failed registrations per key and says how long a key must wait. Two are in use: one
 * per client address (keys `ip:<address or IPv6 /64>`; default `RateLimiterAttemptLimiter`,
 * doubling delays) and one per user name (keys `user:<name>`; default `FailureBudgetLimiter`, a
 * budget per window). The defaults keep their counters in memory; implementations over a shared
 * store limit attempts across instances.
 */
export interface RegistrationAttemptLimiter {
  /** Milliseconds until `key` may try again; 0 when it may try now. */
  retryAfterMs(key: string): Promise<number>;
  /** Counts one failure of `key`, starting or lengthening its delay. */
  recordFailure(key: string): Promise<void>;
  /** Forgets the failures of `key` (after a success). */
  reset(key: string): Promise<void>;
}

/** The numbers the default limiter works with (see `RegistrationAttemptOptions`). */
export interface AttemptPolicy {
  readonly freeFailures: number;
  readonly baseDelaySeconds: number;
  readonly maxDelaySeconds: number;
  readonly windowSeconds: number;
  /** Failures per user name and window before unknown addresses wait (see `RegistrationAttemptOptions.userFailures`). */
  readonly userFailures: number;
}
