// The hook that lets another guard's user (passport-jwt, sessions, …) be a Principal, so that
// `@RequirePrivilege` and `PrivilegeGuard` apply to it as to the library's own credentials.
import type { ExecutionContext } from '@nestjs/common';

/** What a `PrincipalMapper` says about another guard's user. */
export interface MappedPrincipal {
  /** The account name, as the audit log and `@CurrentPrincipal()` show it. */
  readonly user: string;
  /** Privileges the user holds (ids of the catalog; others never match a route). */
  readonly privileges: readonly string[];
  /**
   * May call authenticated routes that require no privilege (like an unrestricted token).
   * @default false
   */
  readonly fullAccess?: boolean;
  /**
   * Identifies the external credential in the audit log (a JWT's `jti`, a session id); never a secret.
   * @default the user name
   */
  readonly id?: string;
}

/**
 * Turns the user another guard put on `request.user` into a principal. Called by `PrivilegeGuard`
 * and `TokenAuthGuard` when the request carries a user they did not authenticate themselves.
 * Answer synchronously when you can (no await on the request path); a promise works too.
 * `null`/`undefined`: this user gets no principal, and the request must present one of the
 * library's credentials instead.
 *
 * ```ts
 * TokensModule.forRoot({
 *   secret, privileges,
 *   principalMapper: {
 *     toPrincipal: (user) => (isJwtUser(user) ? { user: user.sub, privileges: user.roles, id: user.jti } : null),
 *   },
 * })
 * ```
 */
export interface PrincipalMapper {
  toPrincipal(user: unknown, context: ExecutionContext): MappedPrincipal | null | undefined | Promise<MappedPrincipal | null | undefined>;
}
