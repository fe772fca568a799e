// Where the library keeps the principal of a request: under a symbol only this module knows, so
// that neither another guard's `request.user` (a JWT payload that happens to have `privileges`)
// nor anything a client sends can pass for one, and Passport's `property` option changes nothing.
import type { Principal } from './principal.interface.js';

const PRINCIPAL = Symbol('nestjs-api-tokens:principal');

type Holder = { [PRINCIPAL]?: Principal };

/** The principal the library authenticated (or mapped) for this request, if any. */
export function principalOf(request: object): Principal | undefined {
  return (request as Holder)[PRINCIPAL];
}

/** Remembers `principal` on the request and returns it. */
export function rememberPrincipal<P extends Principal>(request: object, principal: P): P {
  (request as Holder)[PRINCIPAL] = principal;
  return principal;
}

/** Duck-typed check, for `request.user` values set by code that built a Principal itself (tests). */
export function isPrincipal(value: unknown): value is Principal {
  return typeof value === 'object' && value !== null && 'credential' in value && 'privileges' in value && 'user' in value;
}
