// The verification cache as an application drives it: what to call when an account changes
// outside the library (disabled, removed, privileges changed), here and — through the
// invalidation bus — on every other instance.
import { Injectable } from '@nestjs/common';
import { CredentialCache } from './credential-cache.js';

@Injectable()
export class TokensCache {
  constructor(private readonly cache: CredentialCache) {}

  /**
   * An account was disabled or removed, or its privileges changed: its credentials are checked
   * against the `AccountProvider` again on their next use (at once here, on other instances as
   * soon as the invalidation bus delivers; within `cache.ttlMs` in any case).
   */
  invalidateOwner(user: string): Promise<void> {
    return this.cache.invalidateOwner(user);
  }

  /** Forgets every verified credential and account (e.g. after a bulk change of accounts). */
  invalidateAll(): Promise<void> {
    return this.cache.invalidateAll();
  }
}
