// Reports per client address (IPv6: per /64) on the public leak-report route, with
// rate-limiter-flexible (the library's failure limiter uses it too): in Redis when REDIS_URL is
// set, so every instance counts together, in memory otherwise or while Redis cannot answer.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { normalizeRange } from 'nestjs-api-tokens';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { REDIS_CLIENT } from '../redis/redis-client.module.js';

@Injectable()
export class LeakReportLimiter {
  private readonly logger = new Logger('LeakReports');
  private readonly memory: RateLimiterMemory;
  private readonly shared: RateLimiterRedis | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(REDIS_CLIENT) redis: Redis | null) {
    const limits = { points: config.leakReports.limit, duration: config.leakReports.windowSeconds, keyPrefix: `${config.storage.redisPrefix}:leak-reports` };
    this.memory = new RateLimiterMemory(limits);
    this.shared = redis ? new RateLimiterRedis({ ...limits, storeClient: redis, rejectIfRedisNotReady: true }) : null;
  }

  /** Counts one report from `address`: 0 when it may proceed, else the seconds to wait. */
  async consume(address: string): Promise<number> {
    const key = bucket(address);
    try {
      await this.count(key);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw rejection;
    }
  }

  private async count(key: string): Promise<RateLimiterRes> {
    if (this.shared === null) return this.memory.consume(key);
    try {
      return await this.shared.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rejection;
      this.logger.warn(`Redis unreachable, counting leak reports in memory: ${(rejection as Error).message}`);
      return this.memory.consume(key);
    }
  }
}

/** An IPv6 client controls its whole /64: one bucket. No address at all: one shared bucket. */
function bucket(address: string): string {
  if (address === '') return 'unknown';
  return address.includes(':') ? (normalizeRange(`${address}/64`) ?? address) : address;
}
