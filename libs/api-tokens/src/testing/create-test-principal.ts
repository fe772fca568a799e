// A Principal for unit tests: what a handler, service or `@CurrentPrincipal()` receives, without
// a database, a token or a module.
import type { CredentialKind, Principal } from '../auth/principal.interface.js';
import type { PrivilegeId } from '../privileges/privilege-definition.interface.js';

export interface TestPrincipalInput {
  /** @default 'test-user' */
  readonly user?: string | undefined;
  /**
   * Effective privileges: a limited credential's (∩ its owner's), or — with `fullAccess` — its
   * owner's. Routes requiring a privilege need it here, full access or not.
   * @default []
   */
  readonly privileges?: readonly PrivilegeId[] | undefined;
  /** @default true when no `privileges` are given, false otherwise */
  readonly fullAccess?: boolean | undefined;
  /** @default 'api-token' */
  readonly kind?: CredentialKind | undefined;
  /** Credential id (never a secret). @default 'test-credential' */
  readonly id?: string | undefined;
  /** Token name (API tokens) or service (authorization keys). @default 'test' */
  readonly name?: string | undefined;
  /** @default '127.0.0.1' */
  readonly ip?: string | undefined;
}

/**
 * ```ts
 * const reader = createTestPrincipal({ user: 'alice', privileges: ['reports'] });    // a limited token
 * const owner = createTestPrincipal({ privileges: ['reports', 'audit'], fullAccess: true }); // unrestricted
 * ```
 */
export function createTestPrincipal(input: TestPrincipalInput = {}): Principal {
  const kind = input.kind ?? 'api-token';
  const name = input.name ?? 'test';
  return {
    user: input.user ?? 'test-user',
    credential: kind === 'api-token' ? { kind, id: input.id ?? 'test-credential', name } : { kind, id: input.id ?? 'test-credential', service: name },
    fullAccess: input.fullAccess ?? input.privileges === undefined,
    privileges: [...(input.privileges ?? [])],
    ip: input.ip ?? '127.0.0.1',
  };
}
