import type { PrivilegeId } from '../privileges/privilege-definition.interface.js';
import type { ExpiryInput } from './expiry.js';
import type { CredentialRateLimit } from '../rate-limits/credential-rate-limit.js';

export type ApiTokenStatus = 'active' | 'expiring_soon' | 'expired';

/** What a listing shows of a token: everything but the secret. */
export interface ApiTokenView {
  readonly id: string;
  readonly owner: string;
  readonly name: string;
  readonly createdAt: Date;
  /** Null: never expires. */
  readonly expiresAt: Date | null;
  readonly status: ApiTokenStatus;
  readonly fullAccess: boolean;
  /** Privileges of a limited token (empty for a full-access one). */
  readonly privileges: readonly string[];
  readonly allowedIps: readonly string[];
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
export interface CreateApiTokenInput {
  /** 1–50 characters of A-Z a-z 0-9 _ -; unique per owner. */
  readonly name: string;
  /**
   * `null` / absent: never expires. `'default'`: the default lifetime (one year, 23:59:59).
   * A `YYYY-MM-DD` date (ends 23:59:59 in the configured zone), epoch seconds, or a Date.
   * Never later than the expiry of the credential creating it: absent or `'default'` become
   * that expiry when it is earlier; a later date is refused.
   */
  readonly expiresAt?: ExpiryInput | 'default' | null | undefined;
  /** Absent: unrestricted (full access). A list: limited to these privileges (each held by the creator). */
  readonly privileges?: readonly PrivilegeId[] | null | undefined;
  /**
   * Addresses / CIDR ranges the token may be used from (WHM whitelist_ips). Absent or empty: any
   * address — or, when the creating credential is itself bound to addresses, exactly its list;
   * a list given must lie within the creator's.
   */
  readonly allowedIps?: readonly string[] | null | undefined;
  /** The owner's explicit opt-in to entries wider than an IPv4 /8 or an IPv6 /32 (`0.0.0.0/0`). @default false */
  readonly allowWideRanges?: boolean | undefined;
  /**
   * At most `points` requests per `windowSeconds` through this token (429 beyond). Absent: none —
   * or, when the creating credential has a limit, that limit; a looser one is refused.
   * `null`: none.
   */
  readonly rateLimit?: CredentialRateLimit | null | undefined;
}

/**
 * Changes to an existing token, made together in one call (WHM `api_token_update`). An absent
 * (undefined) field is left as it is; `null` resets it: `privileges` → unrestricted, `allowedIps`
 * → any address, `expiresAt` → never. Checked like a new token's fields (400 naming the field),
 * and under the same no-escalation rules: a change that makes the token more usable (a privilege
 * gained, unrestricted, more addresses, a later expiry) is allowed only when the whole token after
 * it is within what the acting credential could create.
 */
export interface UpdateApiTokenInput {
  /** A new name (1–50 characters of A-Z a-z 0-9 _ -, free in the owner's tokens); the same name changes nothing. */
  readonly newName?: string | undefined;
  /** The privileges it holds from now on (replacing the list); `null`: unrestricted. */
  readonly privileges?: readonly PrivilegeId[] | null | undefined;
  /** The addresses / CIDR ranges it may be used from (replacing the list); `null` or empty: any address. */
  readonly allowedIps?: readonly string[] | null | undefined;
  /** A new expiry (a future instant, as for `create`); `null`: never. */
  readonly expiresAt?: ExpiryInput | null | undefined;
  /** The owner's explicit opt-in to entries wider than an IPv4 /8 or an IPv6 /32. @default false */
  readonly allowWideRanges?: boolean | undefined;
  /** A new request limit (replacing the old); `null`: none. Loosening it is a change that makes the token more usable. */
  readonly rateLimit?: CredentialRateLimit | null | undefined;
}

/** How `revoke` treats names it does not find. */
export interface RevokeApiTokensOptions {
  /**
   * `true`: revoke the tokens that exist and pass over unknown names (WHM `api_token_revoke`);
   * `false`: all of them or none, an unknown name is a 404 (UAPI `revoke`).
   * @default false
   */
  readonly ignoreUnknown?: boolean | undefined;
}

/** The create response: the only time the plaintext token exists outside the client. */
export interface CreatedApiToken {
  readonly token: string;
  readonly item: ApiTokenView;
}

/** The roll response: the new secret (the only time it exists outside the client) and when the previous one stops. */
export interface RolledApiToken {
  readonly token: string;
  readonly item: ApiTokenView;
  /** When the previous secret stops working (now, for a grace of 0). */
  readonly previousValidUntil: Date;
}

export type ApiTokenSortField = 'name' | 'created' | 'expires';

export interface ListApiTokensQuery {
  readonly page?: number | undefined;
  readonly pageSize?: number | undefined;
  /** @default 'created' */
  readonly sort?: ApiTokenSortField | undefined;
  /** @default 'asc' */
  readonly order?: 'asc' | 'desc' | undefined;
}

export { type ExpiryInput };
