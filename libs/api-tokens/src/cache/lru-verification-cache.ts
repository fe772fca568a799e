import { LRUCache } from 'lru-cache';
import type { VerificationCache } from './verification-cache.interface.js';

const NEGATIVE = Symbol('negative');

/** Default cache: bounded LRU (lru-cache) with a TTL; `max: 0` disables it. */
export class LruVerificationCache<V extends object> implements VerificationCache<V> {
  private readonly lru: LRUCache<string, V | typeof NEGATIVE> | null;

  constructor(max: number, ttlMs: number) {
    // ttlAutopurge off: expired entries are dropped lazily on read, no timers per entry.
    this.lru = max > 0 ? new LRUCache({ max, ttl: ttlMs, ttlAutopurge: false, updateAgeOnGet: false }) : null;
  }

  get(key: string): V | null | undefined {
    const value = this.lru?.get(key);
    return value === NEGATIVE ? null : value;
  }

  set(key: string, value: V | null): void {
    this.lru?.set(key, value ?? NEGATIVE);
  }

  delete(key: string): void {
    this.lru?.delete(key);
  }

  clear(): void {
    this.lru?.clear();
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }
}
