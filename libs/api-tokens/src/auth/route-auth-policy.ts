// What a route's decorators say about authenticating its requests, handed from the guards (which
// see the route) to the extractor and the cross-site check (which see only the request). The
// object is the route's rule from `RouteRules`, the one reader of route metadata: frozen, one per
// controller class and handler, so marking a request allocates nothing. Passport strategies and
// direct callers of the authenticator see no route: they get the module's defaults.

import { requestSlot } from './request-slot.js';

/** Per-route authentication rules, resolved once per controller class and handler. */
export interface RouteAuthPolicy {
  /** `WWW-Authenticate` sent with a 401 on this route. */
  readonly challenge: string;
  /** HTTP Basic credentials are read on this route (`@AcceptBasicAuth()` or `acceptBasicAuth: true`). */
  readonly acceptBasic: boolean;
  /** Browser requests from other sites are refused on this route (unless `@AllowCrossSite()` or `crossSite: false`). */
  readonly refuseCrossSite: boolean;
}

const policies = requestSlot<RouteAuthPolicy>();

/** The route's policy when a guard set it, otherwise undefined (the module's defaults apply). */
export function routePolicyOf(req: object): RouteAuthPolicy | undefined {
  return policies.get(req);
}

/** Marks the request with the policy of the route it is being authenticated for. */
export function markRoutePolicy(req: object, policy: RouteAuthPolicy): void {
  policies.set(req, policy);
}
