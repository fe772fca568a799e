// The default FailureLimiter, on rate-limiter-flexible: a fixed window of `points` failures per
// address, then a block of `blockSeconds`. Counters live in Redis when a client is given (every
// instance sees the same counts), in memory otherwise. Blocks are remembered locally until they
// end, so the check on each refusal never leaves the process.
import { Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { addressBucket } from '../net/ip.js';
import type { FailureLimiter, FailureVerdict } from './failure-limiter.interface.js';

/** The part of an ioredis client rate-limiter-flexible uses (an `ioredis` `Redis` instance fits). */
export interface FailureLimitRedisClient {
  /** ioredis connection state; counting falls back to memory unless it is 'ready'. */
  readonly status: string;
  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void;
  multi(): unknown;
}

export interface FailureLimitPolicy {
  readonly points: number;
  readonly durationSeconds: number;
  readonly blockSeconds: number;
  readonly keyPrefix: string;
  readonly redis: FailureLimitRedisClient | null;
  /** Most blocked addresses remembered locally (least recently seen forgotten first). */
  readonly maxBlockedAddresses: number;
}

/** How often, at most, "Redis unreachable" is logged. */
const WARN_EVERY_MS = 30_000;

export class RateLimiterFailureLimiter implements FailureLimiter {
  private readonly logger = new Logger('TokensModule');
  /** Address key → epoch ms until which it is blocked. */
  private readonly blocked: LRUCache<string, number>;
  private readonly memory: RateLimiterMemory;
  private readonly shared: RateLimiterRedis | null;
  private lastWarning = 0;

  constructor(private readonly policy: FailureLimitPolicy) {
    const limits = { points: policy.points, duration: policy.durationSeconds, blockDuration: policy.blockSeconds, keyPrefix: policy.keyPrefix };
    this.memory = new RateLimiterMemory(limits);
    // rejectIfRedisNotReady: while Redis is down a failure is counted in memory at once instead
    // of waiting in ioredis' offline queue.
    this.shared = policy.redis ? new RateLimiterRedis({ ...limits, storeClient: policy.redis, rejectIfRedisNotReady: true }) : null;
    this.blocked = new LRUCache({ max: policy.maxBlockedAddresses });
  }

  blockedFor(address: string, now: number = Date.now()): number {
    if (this.blocked.size === 0) return 0;
    const key = limitKey(address);
    const until = this.blocked.get(key);
    if (until === undefined) return 0;
    if (until <= now) {
      this.blocked.delete(key);
      return 0;
    }
    return Math.ceil((until - now) / 1000);
  }

  async registerFailure(address: string): Promise<FailureVerdict> {
    const key = limitKey(address);
    try {
      await this.consume(key);
      return { blockedForSeconds: 0, newlyBlocked: false };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) {
        this.warn(`failed authentications not counted: ${(rejection as Error).message}`);
        return { blockedForSeconds: 0, newlyBlocked: false };
      }
      const ms = rejection.msBeforeNext > 0 ? rejection.msBeforeNext : this.policy.blockSeconds * 1000;
      this.blocked.set(key, Date.now() + ms);
      return { blockedForSeconds: Math.max(1, Math.ceil(ms / 1000)), newlyBlocked: rejection.consumedPoints === this.policy.points + 1 };
    }
  }

  async reset(address: string): Promise<void> {
    const key = limitKey(address);
    this.blocked.delete(key);
    await this.memory.delete(key);
    if (this.shared) {
      try {
        await this.shared.delete(key);
      } catch (error) {
        this.warn(`failed-authentication counter not reset in Redis: ${(error as Error).message}`);
      }
    }
  }

  /** Counts in Redis; when Redis cannot answer, in memory, so limiting never stops. */
  private async consume(key: string): Promise<RateLimiterRes> {
    if (!this.shared) return this.memory.consume(key);
    try {
      return await this.shared.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rejection;
      this.warn(`Redis unreachable, counting failed authentications in memory: ${(rejection as Error).message}`);
      return this.memory.consume(key);
    }
  }

  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.logger.warn(message);
  }
}

/** The counter key of an address: its bucket (IPv6: its /64), or 'unknown' for no address. */
export function limitKey(address: string): string {
  return address === '' ? 'unknown' : addressBucket(address);
}
