import type { PrivilegeId } from '../privileges/privilege-definition.interface.js';

/** Which kind of credential authenticated a request. */
export type CredentialKind = 'api-token' | 'authorization-key';

export interface PrincipalCredential {
  readonly kind: CredentialKind;
  /** Stable id of the token or key row (never the secret). */
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
