// The principal a guard decides for: the one this request already has, the app's mapping of
// another guard's user (`principalMapper`), or the library's own credential — for a route whose
// rule (Basic accepted? cross-site check?) it hands on to the authenticator with the request.
import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { CrossSitePolicy } from '../cross-site/cross-site-policy.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import type { MappedPrincipal, PrincipalMapper } from './principal-mapper.interface.js';
import type { Principal } from './principal.interface.js';
import { principalOf, rememberPrincipal } from './request-principal.js';
import { markRoutePolicy, type RouteAuthPolicy } from './route-auth-policy.js';
import type { AuthenticatableRequest } from './authenticatable-request.js';
import { TokenAuthenticator } from './token-authenticator.service.js';

@Injectable()
export class PrincipalResolver {
  private readonly mapper: PrincipalMapper | null;

  constructor(
    private readonly authenticator: TokenAuthenticator,
    private readonly crossSite: CrossSitePolicy,
    @Inject(RESOLVED_TOKENS_OPTIONS) options: ResolvedTokensOptions,
  ) {
    this.mapper = options.principalMapper;
  }

  /**
   * Synchronous when the request has its principal already or its credential is cached; refusals
   * are always a rejected promise (the authenticator's errors, for the guard to answer).
   * @param route the rule of the route the guard runs for (`RouteRules.of`): the extractor reads
   *   Basic and the cross-site check applies as it says
   */
  resolve(req: AuthenticatableRequest, context: ExecutionContext, route: RouteAuthPolicy): Principal | Promise<Principal> {
    const known = principalOf(req);
    if (known !== undefined) return known;
    // The extractor and the cross-site check see only the request: it carries the route's rule
    // (the same frozen object for every request of the route, so this allocates nothing).
    markRoutePolicy(req, route);
    const user = req.user;
    if (user !== undefined && user !== null && this.mapper !== null) {
      // Another guard's user may come from an ambient credential (a session cookie) that a page on
      // another site can make the browser send: the route's cross-site rule applies to it too.
      const refusal = this.crossSite.refusal(req);
      if (refusal !== null) return Promise.reject(refusal);
      return this.mapped(user, req, context);
    }
    return this.ownCredential(req);
  }

  private ownCredential(req: AuthenticatableRequest): Principal | Promise<Principal> {
    const result = this.authenticator.authenticateMaybeSync(req);
    if (!(result instanceof Promise)) {
      // Passport's convention, for handlers that read request.user; another guard's user stays.
      if (req.user === undefined) req.user = result;
      return result;
    }
    return result.then((principal) => {
      if (req.user === undefined) req.user = principal;
      return principal;
    });
  }

  private mapped(user: unknown, req: AuthenticatableRequest, context: ExecutionContext): Principal | Promise<Principal> {
    let answer: ReturnType<PrincipalMapper['toPrincipal']>;
    try {
      answer = (this.mapper as PrincipalMapper).toPrincipal(user, context);
    } catch (error) {
      return Promise.reject(error);
    }
    if (answer instanceof Promise) return answer.then((mapped) => this.fromMapping(mapped, req));
    return this.fromMapping(answer, req);
  }

  private fromMapping(mapped: MappedPrincipal | null | undefined, req: AuthenticatableRequest): Principal | Promise<Principal> {
    // No principal for this user: the request may still carry one of the library's credentials.
    if (mapped === null || mapped === undefined) return this.ownCredential(req);
    if (typeof mapped.user !== 'string' || mapped.user === '' || !Array.isArray(mapped.privileges) || mapped.privileges.some((p) => typeof p !== 'string')) {
      throw new TypeError('TokensModule: principalMapper.toPrincipal must return { user: string, privileges: string[], fullAccess?, id? } or null');
    }
    return rememberPrincipal(req, {
      user: mapped.user,
      credential: { kind: 'external', id: typeof mapped.id === 'string' ? mapped.id : mapped.user },
      fullAccess: mapped.fullAccess === true,
      privileges: [...mapped.privileges],
      ip: this.authenticator.clientAddress(req),
    });
  }
}
