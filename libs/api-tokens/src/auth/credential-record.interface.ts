import type { AccountInfo } from '../accounts/account-provider.interface.js';
import type { CredentialCodec } from '../crypto/credential-codec.js';
import type { IpMatcher } from '../net/ip.js';
import type { CredentialRateLimit } from '../rate-limits/credential-rate-limit.js';
import type { CredentialKind } from './principal.interface.js';

/** What verification needs of a stored credential; cached by its keyed hash. */
export interface CredentialRecord {
  readonly kind: CredentialKind;
  readonly id: string;
  readonly owner: string;
  readonly name?: string;
  readonly service?: string;
  readonly fullAccess: boolean;
  readonly privileges: readonly string[];
  readonly expiresAtMs: number | null;
  /** Addresses the credential may be used from; null = any. */
  readonly ips: IpMatcher | null;
  /**
   * Set when the secret looked up is the previous one of a rolled credential: the instant it
   * stops working. Cached with the record, so an instance that cached it refuses it from then on
   * without being told.
   */
  readonly graceEndsAtMs?: number | null;
  /** Its own request limit; null = none (the default). */
  readonly rateLimit: CredentialRateLimit | null;
  /**
   * The owner, when the lookup read it in the same statement (`AccountProvider.accountTable`);
   * null: no such account. Trusted only from the lookup that read it, never from the cache.
   */
  readonly account?: AccountInfo | null;
}

/** A kind of credential the authenticator can look up (API tokens, authorization keys). */
export interface CredentialSource {
  readonly kind: CredentialKind;
  readonly codec: CredentialCodec;
  /**
   * The record stored under a keyed hash, or null. Synchronous where the driver answers in the
   * call (better-sqlite3's prepared statement); may throw or reject when the store is down.
   */
  findByHash(hash: string): CredentialRecord | null | Promise<CredentialRecord | null>;
  /** Writes coalesced last-used times and addresses. */
  writeLastUsed(entries: readonly LastUsedEntry[]): Promise<void>;
}

export interface LastUsedEntry {
  readonly id: string;
  readonly at: Date;
  readonly ip: string;
}
