// Where the library keeps the principal of a request: in a WeakMap only this module knows, so
// that neither another guard's `request.user` (a JWT payload that happens to have `privileges`)
// nor anything a client sends can pass for one, and Passport's `property` option changes nothing.
// Not a property of the request: Express gives every request a prototype of its own app
// (`Object.setPrototypeOf`), and V8 then builds a new hidden class for each property added to
// it, about 4 µs each; a WeakMap entry costs a fraction of that and leaves the request's shape alone.
import type { Principal } from './principal.interface.js';

const principals = new WeakMap<object, Principal>();

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
