// The verification cache and its invalidation: local at once, other instances through the bus.
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AccountInfo } from '../accounts/account-provider.interface.js';
import type { CredentialRecord } from '../auth/credential-record.interface.js';
import type { CredentialKind } from '../auth/principal.interface.js';

import { RESOLVED_TOKENS_OPTIONS, TOKENS_INVALIDATION_BUS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { CredentialHashMemo } from './credential-hash-memo.js';
import type { InvalidationBus, InvalidationMessage } from './invalidation-bus.interface.js';
import { LruVerificationCache } from './lru-verification-cache.js';
import type { VerificationCache } from './verification-cache.interface.js';

/**
 * Secrets whose keyed hash is remembered when the verification cache is off (`cache.max: 0`):
 * every request is then a lookup, but not two HMACs as well (the default cache's size).
 */
const HASH_MEMO_MAX_WITHOUT_CACHE = 10_000;

@Injectable()
export class CredentialCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('TokensModule');
  readonly credentials: VerificationCache<CredentialRecord>;
  readonly accounts: VerificationCache<AccountInfo>;
  /** Storage hashes of credentials already verified, so warm requests skip both HMACs (kept with the cache off too). */
  readonly hashes: CredentialHashMemo;
  /**
   * Bumped by every invalidation. A lookup that started before an invalidation does not store
   * its (possibly stale) result, so a revoke that has answered is never undone by a racing read.
   */
  private generation = 0;

  constructor(
    @Inject(RESOLVED_TOKENS_OPTIONS) options: ResolvedTokensOptions,
    @Inject(TOKENS_INVALIDATION_BUS) private readonly bus: InvalidationBus,
  ) {
    this.credentials = new LruVerificationCache(options.cache.max, options.cache.ttlMs);
    this.accounts = new LruVerificationCache(Math.min(options.cache.max, 10_000), options.cache.ttlMs);
    // The memo stays with the cache off: it holds no verdict (a looked-up credential is still
    // looked up on every request), only what a verified secret's keyed hash is.
    this.hashes = new CredentialHashMemo(options.cache.max > 0 ? options.cache.max : HASH_MEMO_MAX_WITHOUT_CACHE);
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.bus.subscribe((message) => this.apply(message));
    } catch (error) {
      this.logger.warn(`invalidation bus unavailable, relying on the cache TTL: ${(error as Error).message}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.bus.close?.();
  }

  static credentialKey(kind: CredentialKind, hash: string): string {
    return `${kind}:${hash}`;
  }

  get currentGeneration(): number {
    return this.generation;
  }

  /** Stores a lookup result unless something was invalidated since `generation` was read. */
  storeCredential(key: string, record: CredentialRecord | null, generation: number): void {
    if (generation === this.generation) this.credentials.set(key, record);
  }

  storeAccount(owner: string, account: AccountInfo | null, generation: number): void {
    if (generation === this.generation) this.accounts.set(owner, account);
  }

  /** A credential was revoked, renamed or changed. */
  invalidateCredential(kind: CredentialKind, hash: string): Promise<void> {
    return this.invalidate({ type: 'credential', key: CredentialCache.credentialKey(kind, hash) });
  }

  /** An account was disabled or its privileges changed. */
  invalidateOwner(owner: string): Promise<void> {
    return this.invalidate({ type: 'owner', owner });
  }

  invalidateAll(): Promise<void> {
    return this.invalidate({ type: 'all' });
  }

  private async invalidate(message: InvalidationMessage): Promise<void> {
    this.apply(message);
    try {
      await this.bus.publish(message);
    } catch (error) {
      this.logger.warn(`invalidation not published, other instances rely on the cache TTL: ${(error as Error).message}`);
    }
  }

  private apply(message: InvalidationMessage): void {
    this.generation++;
    switch (message.type) {
      case 'credential':
        this.credentials.delete(message.key);
        break;
      case 'owner':
        this.accounts.delete(message.owner);
        break;
      case 'all':
        this.credentials.clear();
        this.accounts.clear();
        break;
    }
  }
}
