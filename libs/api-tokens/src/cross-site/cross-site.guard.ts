import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { withoutStack } from '../auth/without-stack.js';
import { AllowCrossSite } from './allow-cross-site.decorator.js';
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
  /** Route metadata never changes after bootstrap: read once per controller class and handler. */
  private readonly exempt = new WeakMap<object, WeakMap<object, boolean>>();

  constructor(
    private readonly policy: CrossSitePolicy,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.policy.isEnabled || this.isExempt(context)) return true;
    const verdict = this.policy.verdict(context.getArgByIndex<CrossSiteCarrier>(0));
    if (!verdict.allowed) throw withoutStack(() => new CrossSiteRequestRefusedException(verdict.why));
    return true;
  }

  private isExempt(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    const controller = context.getClass();
    let perHandler = this.exempt.get(controller);
    if (!perHandler) this.exempt.set(controller, (perHandler = new WeakMap()));
    let exempt = perHandler.get(handler);
    if (exempt === undefined) {
      exempt = this.reflector.getAllAndOverride(AllowCrossSite, [handler, controller]) === true;
      perHandler.set(handler, exempt);
    }
    return exempt;
  }
}
