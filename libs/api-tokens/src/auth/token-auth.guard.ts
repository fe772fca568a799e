import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { RouteRules } from '../privileges/route-rules.js';
import { HttpAuthentication, type HttpResponseLike } from './http-authentication.js';
import { PrincipalResolver } from './principal-resolver.js';
import type { AuthenticatableRequest } from './authenticatable-request.js';

/**
 * Authenticates the request (any of the three credentials, or another guard's user through the
 * `principalMapper`) and sets `request.user`; no privilege check. The fast path: the same
 * verification as the Passport strategy, without Passport's per-request machinery. `@Public()`
 * routes pass untouched.
 *
 * Extend it like throttler's guard: override `getRequest`/`getResponse` (GraphQL and other
 * contexts), `isPublic` (which routes skip authentication) or `handleRefusal` (how a refused
 * request is answered). Dependencies are injected as properties, so a subclass needs no
 * constructor.
 */
@Injectable()
export class TokenAuthGuard implements CanActivate {
  // Property injection: subclasses keep a constructor of their own, free of the library's internals.
  @Inject(PrincipalResolver) private readonly principals!: PrincipalResolver;
  @Inject(HttpAuthentication) private readonly authentication!: HttpAuthentication;
  @Inject(RouteRules) private readonly routeRules!: RouteRules;

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.isPublic(context)) return true;
    const rule = this.routeRules.of(context.getClass(), context.getHandler());
    // Synchronous when the credential is cached: Nest then skips the await on the guard.
    const principal = this.principals.resolve(this.getRequest(context), context, rule);
    if (principal instanceof Promise) {
      return principal.then(
        (resolved) => this.admitted(resolved, context),
        (error: unknown) => this.handleRefusal(error, context),
      );
    }
    return this.admitted(principal, context);
  }

  private admitted(principal: object, context: ExecutionContext): true {
    this.authentication.admitted(principal, this.getResponse(context));
    return true;
  }

  /** The request to authenticate. Default: the HTTP request (argument 0 of the handler context). */
  protected getRequest(context: ExecutionContext): AuthenticatableRequest {
    // getArgByIndex rather than switchToHttp(): no allocation per request.
    return context.getArgByIndex<AuthenticatableRequest>(0);
  }

  /** Where refusal headers (`WWW-Authenticate`, `Retry-After`) go. Default: the HTTP response. */
  protected getResponse(context: ExecutionContext): HttpResponseLike | undefined {
    return context.getArgByIndex<HttpResponseLike | undefined>(1);
  }

  /**
   * Whether the route skips authentication. Default: `@Public()` or one of the app's
   * `publicMetadataKeys` on the handler or its controller.
   */
  protected isPublic(context: ExecutionContext): boolean {
    return this.routeRules.of(context.getClass(), context.getHandler()).isPublic;
  }

  /**
   * Answers a refused request; must throw. `error` is the authenticator's refusal
   * (`CrossSiteRequestError` → 403 without a challenge, `CredentialRejectedError` → 401 with the
   * route's challenge, `TooManyFailuresError` → 429, `CredentialStoreUnavailableError` → 503)
   * or, from `PrivilegeGuard`, the `ForbiddenException` (403) of a missing privilege.
   */
  protected handleRefusal(error: unknown, context: ExecutionContext): never {
    throw this.authentication.toHttpException(error, this.getResponse(context), this.authentication.challengeFor(context));
  }
}
