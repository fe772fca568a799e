// Options of per-credential rate limits (`TokensModuleOptions.rateLimits`): where the counters
// live. The limits themselves are stored with each credential (none by default).
import type { FailureLimitRedisClient } from '../auth/failure-limiter.js';

export interface RateLimitOptions {
  /**
   * An ioredis client: every instance using it counts a credential's requests together (one
   * round trip per request through a limited credential). The client stays the caller's. While
   * it is not ready, requests are counted in this process's memory and a warning is logged.
   * @default none: counters in this process's memory
   */
  readonly redis?: FailureLimitRedisClient;
  /**
   * Prefix of the counter keys (in Redis and in memory).
   * @default 'nestjs-api-tokens:ratelimit'
   */
  readonly keyPrefix?: string;
  /**
   * Most credentials whose in-memory counters each instance keeps (least recently used forgotten first).
   * @default 100_000
   */
  readonly maxTracked?: number;
}

export interface ResolvedRateLimitOptions {
  readonly redis: FailureLimitRedisClient | null;
  readonly keyPrefix: string;
  readonly maxTracked: number;
}

export function resolveRateLimitOptions(options: RateLimitOptions | undefined): ResolvedRateLimitOptions {
  const maxTracked = options?.maxTracked ?? 100_000;
  if (!Number.isInteger(maxTracked) || maxTracked < 1) throw new Error('TokensModule: rateLimits.maxTracked must be a positive integer');
  const keyPrefix = options?.keyPrefix ?? 'nestjs-api-tokens:ratelimit';
  if (typeof keyPrefix !== 'string' || keyPrefix === '') throw new Error('TokensModule: rateLimits.keyPrefix must be a non-empty string');
  return { redis: options?.redis ?? null, keyPrefix, maxTracked };
}
