// Remembers the keyed storage hash of credentials already seen, so that a warm request costs one
// fast unkeyed digest instead of two HMACs (checksum + storage hash).
import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { CredentialKind } from '../auth/principal.interface.js';

/**
 * A bounded memo of `secret → keyed storage hash`, filled only with secrets whose checksum was
 * verified. Keyed by SHA-256 of the secret, never by the secret: with at least 77 random bits per
 * secret, the digest cannot be turned back into it. Entries never go stale (the mapping is a pure
 * function of the secret and the server secret), so revocation does not touch them: a revoked
 * credential still resolves to its storage hash, whose lookup then fails.
 */
export class CredentialHashMemo {
  private readonly lru: LRUCache<string, string> | null;

  /** `max: 0` turns the memo off (`CredentialCache` keeps it on with the verification cache off). */
  constructor(max: number) {
    this.lru = max > 0 ? new LRUCache<string, string>({ max }) : null;
  }

  get enabled(): boolean {
    return this.lru !== null;
  }

  /** The memo key: SHA-256 of kind and secret (the kind keeps a token from ever passing as a key). */
  static digest(kind: CredentialKind, secret: string): string {
    return hash('sha256', `${kind}\u0000${secret}`, 'base64');
  }

  get(digest: string): string | undefined {
    return this.lru?.get(digest);
  }

  /** Call only after the secret's checksum was verified. */
  set(digest: string, storageHash: string): void {
    this.lru?.set(digest, storageHash);
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }
}
