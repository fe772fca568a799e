// A stand-in for the library's guards in tests: every request is authenticated as a principal
// the test chooses (or as nobody), and the routes' own rules still apply — `@Public()`, the
// app's public markers and `@RequirePrivilege` — so a test still sees the 401s and 403s it would
// in production. Needs no database, no TokensModule and no DI: it is a plain value.
import { UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { setResponseHeader, type HttpResponseLike } from '../auth/http-response.js';
import type { Principal } from '../auth/principal.interface.js';
import { rememberPrincipal } from '../auth/request-principal.js';
import { assertPrivileges } from '../privileges/privilege-decision.js';
import { readAccessMetadata } from '../privileges/route-rules.js';

/** Who a request is, for `authenticateAs`: a principal, nobody (`null`: 401), or a choice per request. */
export type TestIdentity = Principal | null | ((request: unknown, context: ExecutionContext) => Principal | null);

export interface AuthenticateAsOptions {
  /**
   * Metadata keys of the app's own public markers, as given to `TokensModule` (`publicMetadataKeys`).
   * @default []
   */
  readonly publicMetadataKeys?: readonly (string | symbol)[] | undefined;
  /**
   * `WWW-Authenticate` of the 401 when the identity is `null`.
   * @default 'cpanel realm="API"'
   */
  readonly challenge?: string | undefined;
}

/**
 * Replaces authentication in one line, the way Nest's testing docs teach:
 *
 * ```ts
 * const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
 *   // the global guard ({ provide: APP_GUARD, useExisting: PrivilegeGuard }):
 *   .overrideProvider(PrivilegeGuard).useValue(authenticateAs(createTestPrincipal({ privileges: ['reports'] })))
 *   .compile();
 * // a guard bound with @UseGuards(PrivilegeGuard) (or TokenAuthGuard): .overrideGuard(PrivilegeGuard).useValue(…)
 * ```
 *
 * The request gets the principal as `request.user` and through `@CurrentPrincipal()`; the
 * route's `@RequirePrivilege` is checked against its privileges (403 naming the missing one).
 */
export function authenticateAs(identity: TestIdentity, options: AuthenticateAsOptions = {}): CanActivate {
  const reflector = new Reflector();
  const publicKeys = options.publicMetadataKeys ?? [];
  const challenge = options.challenge ?? 'cpanel realm="API"';
  return {
    canActivate(context: ExecutionContext): boolean {
      const { isPublic, required } = readAccessMetadata(reflector, context.getClass(), context.getHandler(), publicKeys);
      if (isPublic) return true;
      const request = context.getArgByIndex<{ user?: unknown }>(0);
      const principal = typeof identity === 'function' ? identity(request, context) : identity;
      if (principal === null) {
        setResponseHeader(context.getArgByIndex<HttpResponseLike | undefined>(1), 'WWW-Authenticate', challenge);
        throw new UnauthorizedException('Missing or invalid credentials.');
      }
      rememberPrincipal(request, principal);
      if (request.user === undefined) request.user = principal;
      assertPrivileges(principal, required);
      return true;
    },
  };
}
