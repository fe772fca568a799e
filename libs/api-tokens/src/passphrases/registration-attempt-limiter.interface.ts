/**
 * Counts failed registrations per key (a user name or a client address) and says how long a
 * key must wait. The default (`RateLimiterAttemptLimiter`) keeps its counters in memory; an
 * implementation over a shared store limits attempts across instances.
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
}
