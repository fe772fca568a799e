// Where privileges are decided. Usable per route (`@UseGuards(PrivilegeGuard)`) or globally
// (`APP_GUARD`); authenticates the request itself when no earlier guard did, and decides for
// another guard's user too when the app maps it to a principal (`principalMapper`).
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AuditLogService } from '../audit/audit-log.service.js';
import { HttpAuthentication, type HttpResponseLike } from '../auth/http-authentication.js';
import { PrincipalResolver } from '../auth/principal-resolver.js';
import type { Principal } from '../auth/principal.interface.js';
import type { AuthenticatableRequest } from '../auth/authenticatable-request.js';
import { PrivilegeCatalog } from './privilege-catalog.js';
import { assertPrivileges } from './privilege-decision.js';
import { RouteRules } from './route-rules.js';

/**
 * Every route is closed unless `@Public()`: the caller needs a credential, and every privilege of
 * the route's `@RequirePrivilege` (handler and controller added up); a route without one is open
 * to unrestricted credentials only.
 *
 * Extend it like throttler's guard: override `getRequest`/`getResponse` (GraphQL and other
 * contexts), `isPublic` or `handleRefusal` (401/403/429/503 answers). Dependencies are injected
 * as properties, so a subclass needs no constructor. In tests, replace it with
 * `.overrideProvider(PrivilegeGuard).useValue(authenticateAs(principal))` (global registration
 * through `useExisting`) or `.overrideGuard(PrivilegeGuard)` (`@UseGuards`), from `nestjs-api-tokens/testing`.
 */
@Injectable()
export class PrivilegeGuard implements CanActivate {
  // Property injection: subclasses keep a constructor of their own, free of the library's internals.
  @Inject(PrincipalResolver) private readonly principals!: PrincipalResolver;
  @Inject(HttpAuthentication) private readonly authentication!: HttpAuthentication;
  @Inject(RouteRules) private readonly routeRules!: RouteRules;
  @Inject(PrivilegeCatalog) private readonly catalog!: PrivilegeCatalog;
  @Inject(AuditLogService) private readonly auditLog!: AuditLogService;

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.isPublic(context)) return true;
    const rule = this.routeRules.of(context.getClass(), context.getHandler());
    const required = rule.required;
    // Synchronous when the credential is cached: Nest then skips the await on the guard.
    const principal = this.principals.resolve(this.getRequest(context), context, rule);
    if (principal instanceof Promise) {
      return principal.then(
        (resolved) => this.decide(resolved, required, context),
        (error: unknown) => this.handleRefusal(error, context),
      );
    }
    return this.decide(principal, required, context);
  }

  /**
   * The decision itself, usable without HTTP: a route without required privileges is open to
   * unrestricted credentials only; otherwise every required privilege must be effective.
   * @throws ForbiddenException naming the first missing privilege
   */
  assertAllowed(principal: Principal, required: readonly string[]): void {
    assertPrivileges(principal, required, (id) => this.catalog.label(id));
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
   * Whether the route skips authentication and privileges. Default: `@Public()` or one of the
   * app's `publicMetadataKeys` on the handler or its controller.
   */
  protected isPublic(context: ExecutionContext): boolean {
    return this.routeRules.of(context.getClass(), context.getHandler()).isPublic;
  }

  /**
   * Answers a refused request; must throw. `error` is the authenticator's refusal
   * (`CrossSiteRequestError` → 403 without a challenge, `CredentialRejectedError` → 401 with the
   * route's challenge, `TooManyFailuresError` → 429, `CredentialStoreUnavailableError` → 503) or
   * the `ForbiddenException` (403) of `assertAllowed`.
   */
  protected handleRefusal(error: unknown, context: ExecutionContext): never {
    throw this.authentication.toHttpException(error, this.getResponse(context), this.authentication.challengeFor(context));
  }

  private decide(principal: Principal, required: readonly string[], context: ExecutionContext): true {
    // A rate-limited credential's client learns where it stands, refused for a privilege or not.
    this.authentication.admitted(principal, this.getResponse(context));
    try {
      this.assertAllowed(principal, required);
    } catch (error) {
      this.auditRefusal(principal, required, context);
      this.handleRefusal(error, context);
    }
    return true;
  }

  /**
   * A verified caller asked for what it may not do: recorded (batched, off the request path) with
   * who, which credential, from where, on which route and the privilege it lacked — a limited
   * credential probing the API shows in the log. Unlike failed authentications these are not
   * rate-limited here: the credential is known, and revoking it ends them.
   */
  private auditRefusal(principal: Principal, required: readonly string[], context: ExecutionContext): void {
    const { kind, id } = principal.credential;
    const missing = required.find((p) => !(principal.privileges as readonly string[]).includes(p));
    this.auditLog.recordLater({
      action: 'auth.forbidden',
      outcome: 'failure',
      actor: principal.user,
      credential: kind === 'external' ? null : { kind, id },
      ip: principal.ip,
      details: {
        route: `${context.getClass().name}.${context.getHandler().name}`,
        privilege: missing ?? null,
        fullAccessRequired: required.length === 0,
        ...(kind === 'external' ? { external: id } : {}),
      },
    });
  }
}
