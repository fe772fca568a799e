// Why a presented credential was refused, as a stable code: written in the refusal's audit entry
// so the credential's owner can be told (the caller only ever gets the one uniform 401).

/**
 * - `malformed`: not one of the library's secrets (refused in memory, no credential known)
 * - `unknown`: well formed, no such credential (revoked, or never issued)
 * - `wrong-user`: a real credential presented under another user name
 * - `expired`: past its expiry
 * - `address-not-allowed`: used from an address outside its allowlist / binding
 * - `owner-disabled`: the owning account is unknown or disabled
 * - `rolled`: a secret replaced by a roll, presented after its grace ended
 * - `rate-limited`: over the credential's own request limit
 * - `not-enabled`: a kind of credential the application left out
 */
export type RefusalReason =
  | 'malformed'
  | 'unknown'
  | 'wrong-user'
  | 'expired'
  | 'address-not-allowed'
  | 'owner-disabled'
  | 'rolled'
  | 'rate-limited'
  | 'not-enabled';

/** Every `RefusalReason`, for validation and documentation. */
export const REFUSAL_REASONS: readonly RefusalReason[] = [
  'malformed',
  'unknown',
  'wrong-user',
  'expired',
  'address-not-allowed',
  'owner-disabled',
  'rolled',
  'rate-limited',
  'not-enabled',
];
