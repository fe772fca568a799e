import type { PrivilegeId } from '../privileges/privilege-definition.interface.js';

/** Which kind of the library's credentials authenticated a request. */
export type CredentialKind = 'api-token' | 'authorization-key';

/**
 * What stands behind a `Principal`: one of the library's credentials, or `'external'` — another
 * guard's user (a JWT, a session) that the app's `principalMapper` turned into a principal.
 */
export type PrincipalKind = CredentialKind | 'external';

export interface PrincipalCredential {
  readonly kind: PrincipalKind;
  /** Stable id of the token or key row (never the secret); for `'external'`, the id the mapper gave. */
  readonly id: string;
  /** Token name (API tokens). */
  readonly name?: string;
  /** Service name (authorization keys). */
  readonly service?: string;
}

/** The authenticated caller, as `@CurrentPrincipal()` and `request.user` give it. */
export interface Principal {
  /** Account the credential belongs to. */
  readonly user: string;
  readonly credential: PrincipalCredential;
  /** Unrestricted token: may call authenticated routes that require no privilege. */
  readonly fullAccess: boolean;
  /** Effective privileges: the credential's ∩ the owner's current privileges. */
  readonly privileges: readonly PrivilegeId[];
  /** Client address the request came from (after the trusted-proxy walk). */
  readonly ip: string;
}
