import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { withoutStack } from '../auth/without-stack.js';
import { RouteRules } from '../privileges/route-rules.js';
import { CrossSitePolicy, type CrossSiteCarrier } from './cross-site-policy.js';
import { CrossSiteRequestRefusedException } from './cross-site-request.error.js';

/**
 * Refuses browser requests sent from another site (403), whatever the method, on routes the
 * library does not authenticate: `@Public()` routes that still change state or hand out a secret
 * (e.g. trading a pickup passphrase for a key). Authenticated routes need no guard: the
 * authenticator runs the same check before it reads a credential. Use it as
 * `@RefuseCrossSite()`, `@UseGuards(CrossSiteGuard)` or, for every route, as an `APP_GUARD`
 * (then `@AllowCrossSite()` exempts a route, e.g. an OAuth callback). Off when the module sets
 * `crossSite: false`.
 */
@Injectable()
export class CrossSiteGuard implements CanActivate {
  constructor(
    private readonly policy: CrossSitePolicy,
    private readonly rules: RouteRules,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    // The route's rule says whether the check applies (`@AllowCrossSite()`, `crossSite: false`).
    if (!this.rules.of(context.getClass(), context.getHandler()).refuseCrossSite) return true;
    const verdict = this.policy.verdict(context.getArgByIndex<CrossSiteCarrier>(0));
    if (!verdict.allowed) throw withoutStack(() => new CrossSiteRequestRefusedException(verdict.why));
    return true;
  }
}
