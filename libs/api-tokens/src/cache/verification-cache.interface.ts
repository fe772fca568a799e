/**
 * In-process cache of verification lookups (credential records by keyed hash, accounts by
 * name). `undefined` means "not cached"; `null` is a cached negative result.
 */
export interface VerificationCache<V> {
  get(key: string): V | null | undefined;
  set(key: string, value: V | null): void;
  delete(key: string): void;
  clear(): void;
  readonly size: number;
}
