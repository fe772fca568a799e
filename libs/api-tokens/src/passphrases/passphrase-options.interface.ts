import type { PassphraseScreen } from './passphrase-screen.interface.js';
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
   * What a new passphrase is screened against once it meets the length rules: common and
   * breached passwords and the context words. `false` turns screening off (tests only).
   * @default a `CommonPassphraseScreen`: zxcvbn-ts with its common-password dictionary (offline),
   *   score 3 or more, and no passphrase built on the context words
   */
  readonly screen?: PassphraseScreen | false;
  /**
   * Words of your application that a passphrase must not be built on (its name, its product,
   * its domain), added to the library's own (`cpanel`, `whm`, `pickup`, `passphrase`,
   * `password`, `token`, `apikey`) and the account's user name. Case does not matter.
   * @default []
   */
  readonly contextWords?: readonly string[];
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
   * with `retryAfterSeconds`. Owners creating passphrases (authenticated) have a queue of this
   * size of their own and are always served before anonymous registrations.
   * @default 16
   */
  readonly maxQueue?: number;
  /**
   * How many registration checks one client address (IPv6: one /64) may have running or waiting
   * at once; beyond, 503 `BUSY`. Keeps one client from taking the whole queue.
   * @default 2
   */
  readonly maxPerAddress?: number;
  /**
   * How long, in milliseconds, a registration refused without a check (429 for a delayed user or
   * address, 503 for a full queue) is held before it is answered. A flood of them then costs a
   * timer each instead of event-loop time, so guarded traffic keeps its throughput.
   * @default 1000
   */
  readonly throttledHoldMs?: number;
}

/**
 * Limits on failed registrations (trading a pickup passphrase for an authorization key).
 *
 * Per client address (IPv6 per /64): after `freeFailures` failures each further failure blocks
 * that address for an exponentially growing delay.
 *
 * Per user name, from all addresses together: a budget of `userFailures` failures per
 * `windowSeconds`, so that many addresses together still guess slowly. An address's failures
 * count against it only while that address is within its `freeFailures`, so no single address
 * can spend it: that takes ⌈userFailures / freeFailures⌉ addresses failing together. Once spent,
 * addresses not known for that user wait for the window to end; known addresses — inside the
 * range of one of the user's authorization keys (every successful registration leaves one) or
 * inside one of its pickup passphrases' `allowedIps` — go on being checked. A stranger's
 * failures therefore never lock the owner out of the addresses the owner uses or named, and
 * never for longer than the window (a failure does not extend it).
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
   * Failures against one user name, from every address together (each address counting for at
   * most `freeFailures`), within `windowSeconds`, before addresses not known for the user are
   * refused (429) until the window ends.
   * @default 20
   */
  readonly userFailures?: number;
  /**
   * Where failures are counted per address. Pass a `RateLimiterAttemptLimiter` over a shared store
   * (e.g. `RateLimiterRedis`) when several instances serve registrations; when set, the four
   * per-address numbers above are ignored (they configure the default limiter only).
   * @default a `RateLimiterAttemptLimiter` over `RateLimiterMemory` (this process only)
   */
  readonly limiter?: RegistrationAttemptLimiter;
  /**
   * Where the per-user budget is counted. Pass a `FailureBudgetLimiter` over a shared store
   * (e.g. `RateLimiterRedis`) when several instances serve registrations; when set,
   * `userFailures` is ignored.
   * @default a `FailureBudgetLimiter` over `RateLimiterMemory` (this process only)
   */
  readonly userLimiter?: RegistrationAttemptLimiter;
}
