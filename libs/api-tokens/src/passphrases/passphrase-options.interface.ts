import type { RegistrationAttemptLimiter } from './registration-attempt-limiter.interface.js';

/**
 * scrypt cost parameters of the pickup-passphrase hash. The defaults are OWASP's minimum for
 * scrypt (N=2^17, r=8, p=1: 128 MiB and a few hundred milliseconds per check). Lower values are
 * accepted for tests only; every stored hash records the parameters it was made with.
 */
export interface ScryptParameters {
  /**
   * CPU/memory cost N, a power of two. Memory per check is 128 · N · r bytes.
   * @default 131072 (2^17)
   */
  readonly cost?: number;
  /**
   * Block size r.
   * @default 8
   */
  readonly blockSize?: number;
  /**
   * Parallelization p.
   * @default 1
   */
  readonly parallelization?: number;
}

/** Pickup passphrases: strength rules and how the memory-hard hash is run. */
export interface PassphraseOptions {
  /**
   * Shortest passphrase accepted, in characters (Unicode code points, after NFKC normalization).
   * @default 12
   */
  readonly minLength?: number;
  /**
   * Longest passphrase accepted, in characters; bounds the work an attacker can ask for. A
   * registration with a longer one fails without hashing.
   * @default 1024
   */
  readonly maxLength?: number;
  /**
   * scrypt parameters for new passphrases.
   * @default { cost: 131072, blockSize: 8, parallelization: 1 }
   */
  readonly scrypt?: ScryptParameters;
  /**
   * How many passphrase hashes run at once in this process (each on libuv's thread pool, each
   * holding 128 · N · r bytes). Keep it small: a flood must not starve other requests.
   * @default 1
   */
  readonly concurrency?: number;
  /**
   * How many passphrase checks may wait for a free slot; beyond that the answer is 503 `BUSY`
   * with `retryAfterSeconds`.
   * @default 16
   */
  readonly maxQueue?: number;
  /**
   * How long, in milliseconds, a registration refused without a check (429 for a delayed user or
   * address, 503 for a full queue) is held before it is answered. A flood of them then costs a
   * timer each instead of event-loop time, so guarded traffic keeps its throughput.
   * @default 1000
   */
  readonly throttledHoldMs?: number;
}

/**
 * Limits on failed registrations (trading a pickup passphrase for an authorization key),
 * counted per user name and per client address (IPv6 per /64). After `freeFailures` failures
 * each further failure blocks that user / address for an exponentially growing delay.
 */
export interface RegistrationAttemptOptions {
  /**
   * Failures allowed without any delay.
   * @default 5
   */
  readonly freeFailures?: number;
  /**
   * Delay, in seconds, after the first failure beyond `freeFailures`; each further failure doubles it.
   * @default 1
   */
  readonly baseDelaySeconds?: number;
  /**
   * Longest delay, in seconds.
   * @default 900 (15 minutes)
   */
  readonly maxDelaySeconds?: number;
  /**
   * Failures are forgotten this many seconds after the first failure of a series.
   * @default 3600
   */
  readonly windowSeconds?: number;
  /**
   * Where failures are counted. Pass a `RateLimiterAttemptLimiter` over a shared store
   * (e.g. `RateLimiterRedis`) when several instances serve registrations; when set, the four
   * numbers above are ignored (they configure the default limiter only).
   * @default a `RateLimiterAttemptLimiter` over `RateLimiterMemory` (this process only)
   */
  readonly limiter?: RegistrationAttemptLimiter;
}
