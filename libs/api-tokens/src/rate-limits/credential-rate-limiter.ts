// Counts requests per credential against its own limit. In memory: a fixed window per credential,
// counted synchronously (no promise, a few microseconds). With `rateLimits.redis`: the same window
// in Redis through rate-limiter-flexible (one round trip), so every instance counts together;
// while Redis cannot answer, the count falls back to memory, so a limit never stops applying.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { CredentialKind } from '../auth/principal.interface.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import type { CredentialRateLimit } from './credential-rate-limit.js';
import type { RateLimitState } from './rate-limit-state.js';

/** One request counted: whether it may proceed, where the window stands, and whether it is the window's first refusal. */
export interface RateLimitVerdict {
  readonly allowed: boolean;
  readonly state: RateLimitState;
  /** The first request refused in this window (audited once per window, not once per request). */
  readonly firstRefusal: boolean;
}

interface Window {
  endsAt: number;
  used: number;
}

/** How often, at most, "Redis unreachable" is logged. */
const WARN_EVERY_MS = 30_000;
/** Distinct (points, window) pairs with a Redis limiter kept. */
const MAX_SHARED_POLICIES = 1024;

@Injectable()
export class CredentialRateLimiter {
  private readonly logger = new Logger('TokensModule');
  private readonly windows: LRUCache<string, Window>;
  private readonly shared: LRUCache<string, RateLimiterRedis> | null;
  private readonly prefix: string;
  private lastWarning = 0;

  constructor(@Inject(RESOLVED_TOKENS_OPTIONS) private readonly options: ResolvedTokensOptions) {
    this.prefix = options.rateLimits.keyPrefix;
    this.windows = new LRUCache({ max: options.rateLimits.maxTracked });
    this.shared = options.rateLimits.redis ? new LRUCache({ max: MAX_SHARED_POLICIES }) : null;
  }

  /** Counts one request through the credential; synchronous in memory, a promise with Redis. */
  consume(kind: CredentialKind, id: string, limit: CredentialRateLimit, now: number = Date.now()): RateLimitVerdict | Promise<RateLimitVerdict> {
    const key = counterKey(kind, id, limit);
    if (this.shared === null) return this.consumeInMemory(key, limit, now);
    return this.consumeShared(key, limit, now);
  }

  /** Forgets a credential's counters on this instance and in Redis (tests, an owner lifting a block). */
  async reset(kind: CredentialKind, id: string, limit: CredentialRateLimit): Promise<void> {
    const key = counterKey(kind, id, limit);
    this.windows.delete(key);
    if (this.shared !== null) await this.sharedLimiter(limit).delete(key);
  }

  private consumeInMemory(key: string, limit: CredentialRateLimit, now: number): RateLimitVerdict {
    let window = this.windows.get(key);
    if (window === undefined || window.endsAt <= now) {
      window = { endsAt: now + limit.windowSeconds * 1000, used: 0 };
      this.windows.set(key, window);
    }
    window.used++;
    return verdict(limit, window.used, window.endsAt - now);
  }

  private async consumeShared(key: string, limit: CredentialRateLimit, now: number): Promise<RateLimitVerdict> {
    try {
      const res = await this.sharedLimiter(limit).consume(key);
      return verdict(limit, res.consumedPoints, res.msBeforeNext);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return verdict(limit, rejection.consumedPoints, rejection.msBeforeNext);
      this.warn(`Redis unreachable, counting rate-limited credentials in memory: ${(rejection as Error).message}`);
      return this.consumeInMemory(key, limit, now);
    }
  }

  private sharedLimiter(limit: CredentialRateLimit): RateLimiterRedis {
    const policy = `${limit.points}/${limit.windowSeconds}`;
    let limiter = this.shared!.get(policy);
    if (limiter === undefined) {
      // rejectIfRedisNotReady: while Redis is down a request is counted in memory at once
      // instead of waiting in ioredis' offline queue.
      limiter = new RateLimiterRedis({
        storeClient: this.options.rateLimits.redis,
        points: limit.points,
        duration: limit.windowSeconds,
        keyPrefix: this.prefix,
        rejectIfRedisNotReady: true,
      });
      this.shared!.set(policy, limiter);
    }
    return limiter;
  }

  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.logger.warn(message);
  }
}

/**
 * Counter keys by the limit object of a cached credential record (one object per record): the
 * key is built once per record, not once per request. Kind and id are compared, so a limit
 * object shared by several credentials still gets each its own key.
 */
const KEYS = new WeakMap<CredentialRateLimit, { readonly kind: CredentialKind; readonly id: string; readonly key: string }>();

function counterKey(kind: CredentialKind, id: string, limit: CredentialRateLimit): string {
  const known = KEYS.get(limit);
  if (known !== undefined && known.id === id && known.kind === kind) return known.key;
  const key = `${kind}:${id}:${limit.windowSeconds}`;
  KEYS.set(limit, { kind, id, key });
  return key;
}

function verdict(limit: CredentialRateLimit, used: number, msLeft: number): RateLimitVerdict {
  const resetSeconds = Math.max(1, Math.ceil(msLeft / 1000));
  return {
    allowed: used <= limit.points,
    state: { limit: limit.points, remaining: Math.max(0, limit.points - used), resetSeconds },
    firstRefusal: used === limit.points + 1,
  };
}
