// Options of failed-authentication limiting (`TokensModuleOptions.failureLimit`) and their defaults.
import type { FailureLimiter } from './failure-limiter.interface.js';
import type { FailureLimitPolicy, FailureLimitRedisClient } from './failure-limiter.js';

export interface FailureLimitOptions {
  /**
   * Failed authentications an address may make within `durationSeconds`.
   * @default 20
   */
  readonly points?: number;
  /**
   * Length of the counting window, in seconds (a fixed window from the first failure).
   * @default 60
   */
  readonly durationSeconds?: number;
  /**
   * How long, in seconds, refusals from an address that exceeded `points` are answered 429
   * (without being counted again); credentials that verify are served all along.
   * @default 300
   */
  readonly blockSeconds?: number;
  /**
   * An ioredis client: counters are kept in Redis and shared by every instance using it. The
   * client stays the caller's (the library never closes it). While it is not ready, failures
   * are counted in memory and a warning is logged.
   * @default none: counters in this process's memory
   */
  readonly redis?: FailureLimitRedisClient;
  /**
   * Prefix of the counter keys (in Redis and in memory).
   * @default 'nestjs-api-tokens:authfail'
   */
  readonly keyPrefix?: string;
  /**
   * Most blocked addresses each instance remembers locally.
   * @default 100_000
   */
  readonly maxBlockedAddresses?: number;
  /**
   * Replaces the default limiter (then the numbers above are ignored).
   * @default a `RateLimiterFailureLimiter` built from the options above
   */
  readonly limiter?: FailureLimiter;
}

export function resolveFailureLimit(options: FailureLimitOptions | false | undefined): FailureLimitPolicy | null {
  if (options === false) return null;
  const policy: FailureLimitPolicy = {
    points: options?.points ?? 20,
    durationSeconds: options?.durationSeconds ?? 60,
    blockSeconds: options?.blockSeconds ?? 300,
    keyPrefix: options?.keyPrefix ?? 'nestjs-api-tokens:authfail',
    redis: options?.redis ?? null,
    maxBlockedAddresses: options?.maxBlockedAddresses ?? 100_000,
  };
  for (const name of ['points', 'durationSeconds', 'blockSeconds', 'maxBlockedAddresses'] as const) {
    if (!Number.isInteger(policy[name]) || policy[name] < 1) throw new Error(`TokensModule: failureLimit.${name} must be a positive integer`);
  }
  return policy;
}
