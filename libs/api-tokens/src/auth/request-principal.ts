// Where the library keeps the principal of a request: in a slot beside it that only this module
// knows (request-slot.ts), so that neither another guard's `request.user` (a JWT payload that
// happens to have `privileges`) nor anything a client sends can pass for one, and Passport's
// `property` option changes nothing.
import type { Principal } from './principal.interface.js';
import { requestSlot } from './request-slot.js';

const principals = requestSlot<Principal>();

/** The principal the library authenticated (or mapped) for this request, if any. */
export function principalOf(request: object): Principal | undefined {
  return principals.get(request);
}

/** Remembers `principal` for the request and returns it. */
export function rememberPrincipal<P extends Principal>(request: object, principal: P): P {
  principals.set(request, principal);
  return principal;
}

/** Duck-typed check, for `request.user` values set by code that built a Principal itself (tests). */
export function isPrincipal(value: unknown): value is Principal {
  return typeof value === 'object' && value !== null && 'credential' in value && 'privileges' in value && 'user' in value;
}
