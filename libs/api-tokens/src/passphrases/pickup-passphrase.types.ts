import type { PrivilegeId } from '../privileges/privilege-definition.interface.js';
import type { ExpiryInput } from '../tokens/expiry.js';
import type { AuthorizationKeyView } from '../authkeys/authorization-key.types.js';

/** What a listing shows of a pickup passphrase: never the passphrase, never its hash. */
export interface PickupPassphraseView {
  readonly id: string;
  readonly owner: string;
  readonly privileges: readonly string[];
  /** Addresses / CIDR ranges it may be registered from; null: anywhere. */
  readonly allowedIps: readonly string[] | null;
  /** When it, and every key registered with it, stops working; null: never. */
  readonly expiresAt: Date | null;
  readonly createdAt: Date;
}

/*
 * Inputs are typed as what a caller should pass; every field is still checked at run time (the
 * values usually come from HTTP), and a wrong one is refused with a 400 naming it. Optional
 * fields accept `undefined` explicitly, so the types fit `exactOptionalPropertyTypes`.
 */
export interface CreatePickupPassphraseInput {
  /** At least 12 characters (`passphrases.minLength`), not a repeated pattern. */
  readonly passphrase: string;
  /** Non-empty list of privilege ids the creator holds; copied to every key registered with it. */
  readonly privileges: readonly PrivilegeId[];
  /**
   * Addresses / CIDR ranges it may be registered from (a key registered with it is for the
   * caller's address, which must lie in them). Absent or empty: anywhere — or, when the creating
   * credential is bound to addresses, exactly those; a list given must lie within them.
   */
  readonly allowedIps?: readonly string[] | null | undefined;
  /**
   * When it stops working, and with it every key registered with it (`YYYY-MM-DD`, epoch
   * seconds or a Date). Absent: never — or the creating credential's expiry; a later one is refused.
   */
  readonly expiresAt?: ExpiryInput | null | undefined;
  /** The owner's explicit opt-in to `allowedIps` entries wider than an IPv4 /8 or an IPv6 /32. @default false */
  readonly allowWideRanges?: boolean | undefined;
}

/** An unauthenticated registration (Manage2's `XMLregisterAuth.cgi?user=&pickup=&service=`). */
export interface RegisterWithPassphraseInput {
  readonly user: string;
  readonly passphrase: string;
  /** Service name of the key: 1–64 characters of A-Z a-z 0-9 . _ - */
  readonly service: string;
  /**
   * The caller's address, as the server sees it (`TokenAuthenticator.clientAddress(req)`, which
   * believes `X-Forwarded-For` only from trusted proxies). Never take it from a parameter.
   */
  readonly ip: string;
}

/** The registration response: the key, shown once, and the address it is bound to. */
export interface RegisteredAuthorizationKey {
  readonly key: string;
  readonly ip: string;
  readonly service: string;
  readonly item: AuthorizationKeyView;
}
