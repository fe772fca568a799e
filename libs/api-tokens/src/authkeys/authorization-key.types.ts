import type { PrivilegeId } from '../privileges/privilege-definition.interface.js';
import type { ExpiryInput } from '../tokens/expiry.js';
import type { CredentialRateLimit } from '../rate-limits/credential-rate-limit.js';

/** What a listing shows of an authorization key: everything but the secret. */
export interface AuthorizationKeyView {
  readonly id: string;
  readonly owner: string;
  /** Normalized address or CIDR range the key may be used from. */
  readonly ip: string;
  readonly service: string;
  readonly privileges: readonly string[];
  readonly createdAt: Date;
  /** When it stops working; null: never. */
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly lastUsedIp: string | null;
  /** Its own request limit; null: none. */
  readonly rateLimit: CredentialRateLimit | null;
}

/*
 * Inputs are typed as what a caller should pass; every field is still checked at run time (the
 * values usually come from HTTP), and a wrong one is refused with a 400 naming it. Optional
 * fields accept `undefined` explicitly, so the types fit `exactOptionalPropertyTypes`.
 */
export interface CreateAuthorizationKeyInput {
  /**
   * IPv4 or IPv6 address or CIDR range; `::ffff:a.b.c.d` is the IPv4 address a.b.c.d. When the
   * creating credential is bound to addresses, it must lie within them.
   */
  readonly ip: string;
  /** 1–64 characters of A-Z a-z 0-9 . _ - */
  readonly service: string;
  /** Non-empty list of privilege ids the creator holds. */
  readonly privileges: readonly PrivilegeId[];
  /**
   * When the key stops working (`YYYY-MM-DD`, epoch seconds or a Date). Absent: never — or,
   * when the creating credential expires, then; a later date is refused.
   */
  readonly expiresAt?: ExpiryInput | null | undefined;
  /** The owner's explicit opt-in to an `ip` range wider than an IPv4 /8 or an IPv6 /32. @default false */
  readonly allowWideRanges?: boolean | undefined;
  /**
   * At most `points` requests per `windowSeconds` through this key (429 beyond). Absent: none —
   * or, when the creating credential has a limit, that limit; a looser one is refused.
   */
  readonly rateLimit?: CredentialRateLimit | null | undefined;
}

/** The create (or registration) response: the only time the plaintext key exists outside the client. */
export interface CreatedAuthorizationKey {
  readonly key: string;
  readonly item: AuthorizationKeyView;
}

/** The roll response: the new key (the only time it exists outside the client) and when the previous one stops. */
export interface RolledAuthorizationKey {
  readonly key: string;
  readonly item: AuthorizationKeyView;
  /** When the previous key stops working (now, for a grace of 0). */
  readonly previousValidUntil: Date;
}
