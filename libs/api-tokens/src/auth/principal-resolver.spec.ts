// The guards' principal: the request's own, the app's mapping of another guard's user, or the
// library's credential — in that order, synchronously whenever the answer is at hand.
import type { ExecutionContext } from '@nestjs/common';
import { CrossSitePolicy } from '../cross-site/cross-site-policy.js';
import { CrossSiteRequestError } from '../cross-site/cross-site-request.error.js';
import { resolveTokensOptions } from '../tokens-options.resolved.js';
import { CredentialRejectedError } from './credential-rejected.error.js';
import type { PrincipalMapper } from './principal-mapper.interface.js';
import type { Principal } from './principal.interface.js';
import { PrincipalResolver } from './principal-resolver.js';
import { principalOf, rememberPrincipal } from './request-principal.js';
import { routePolicyOf, type RouteAuthPolicy } from './route-auth-policy.js';
import type { AuthenticatableRequest } from './authenticatable-request.js';
import type { TokenAuthenticator } from './token-authenticator.service.js';

const context = {} as ExecutionContext;
/** The rule of an ordinary authenticated route: no Basic, cross-site requests refused. */
const route: RouteAuthPolicy = Object.freeze({ challenge: 'cpanel realm="API"', acceptBasic: false, refuseCrossSite: true });
const tokenPrincipal: Principal = { user: 'alice', credential: { kind: 'api-token', id: '1' }, fullAccess: true, privileges: ['reports'], ip: '192.0.2.1' };

/** An authenticator that answers what it is told, and counts its calls. */
function fakeAuthenticator(answer: () => Principal | Promise<Principal>): TokenAuthenticator & { calls: number } {
  const fake = {
    calls: 0,
    authenticateMaybeSync(req: AuthenticatableRequest) {
      fake.calls++;
      const result = answer();
      return result instanceof Promise ? result.then((p) => rememberPrincipal(req, p)) : rememberPrincipal(req, result);
    },
    clientAddress: () => '198.51.100.9',
  };
  return fake as unknown as TokenAuthenticator & { calls: number };
}

function resolverWith(authenticator: TokenAuthenticator, principalMapper?: PrincipalMapper): PrincipalResolver {
  const options = resolveTokensOptions({ secret: 'resolver-spec-secret-0123456789-abcdefgh', principalMapper });
  return new PrincipalResolver(authenticator, new CrossSitePolicy(options), options);
}

const request = (user?: unknown, headers: AuthenticatableRequest['headers'] = {}): AuthenticatableRequest => ({ headers, ...(user === undefined ? {} : { user }) });

describe('PrincipalResolver', () => {
  it('authenticates the library credential synchronously and sets request.user when nothing else did', () => {
    const authenticator = fakeAuthenticator(() => tokenPrincipal);
    const req = request();
    expect(resolverWith(authenticator).resolve(req, context, route)).toBe(tokenPrincipal);
    expect(req.user).toBe(tokenPrincipal);
    // Asked again (a second guard), the request's principal is reused without a second verification.
    expect(resolverWith(authenticator).resolve(req, context, route)).toBe(tokenPrincipal);
    expect(authenticator.calls).toBe(1);
  });

  it('maps another guard’s user synchronously; request.user stays that user', () => {
    const jwtUser = { sub: 'bob', roles: ['reports'] };
    const mapper: PrincipalMapper = { toPrincipal: (user) => ({ user: (user as typeof jwtUser).sub, privileges: (user as typeof jwtUser).roles, id: 'jti-7' }) };
    const authenticator = fakeAuthenticator(() => tokenPrincipal);
    const req = request(jwtUser);
    const principal = resolverWith(authenticator, mapper).resolve(req, context, route);
    expect(principal).toEqual({ user: 'bob', credential: { kind: 'external', id: 'jti-7' }, fullAccess: false, privileges: ['reports'], ip: '198.51.100.9' });
    expect(req.user).toBe(jwtUser);
    expect(principalOf(req)).toBe(principal);
    expect(authenticator.calls).toBe(0);
  });

  it('accepts a mapper that answers with a promise', async () => {
    const mapper: PrincipalMapper = { toPrincipal: async () => ({ user: 'carol', privileges: [], fullAccess: true }) };
    const result = resolverWith(fakeAuthenticator(() => tokenPrincipal), mapper).resolve(request({ any: 'user' }), context, route);
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toMatchObject({ user: 'carol', fullAccess: true, credential: { kind: 'external', id: 'carol' } });
  });

  it('falls back to the library credential when the mapper gives no principal, and without a mapper', async () => {
    const refused = new CredentialRejectedError('no credentials');
    for (const mapper of [{ toPrincipal: () => null }, { toPrincipal: () => Promise.resolve(undefined) }, undefined]) {
      const authenticator = fakeAuthenticator(() => Promise.reject(refused));
      const req = request({ sub: 'dave' });
      await expect(resolverWith(authenticator, mapper).resolve(req, context, route)).rejects.toBe(refused);
      expect(authenticator.calls).toBe(1);
      expect(req.user).toEqual({ sub: 'dave' });
    }
  });

  it('never takes a principal-shaped request.user for a principal', async () => {
    const forged = { ...tokenPrincipal, user: 'mallory' };
    const refused = new CredentialRejectedError('no credentials');
    await expect(resolverWith(fakeAuthenticator(() => Promise.reject(refused))).resolve(request(forged), context, route)).rejects.toBe(refused);
  });

  it('refuses what is not a mapping (an app bug) and passes a throwing mapper’s error on as a rejection', async () => {
    const bad: PrincipalMapper = { toPrincipal: () => ({ user: 'erin', privileges: 'reports' }) as never };
    expect(() => resolverWith(fakeAuthenticator(() => tokenPrincipal), bad).resolve(request({}), context, route)).toThrow('principalMapper.toPrincipal must return');
    const boom = new Error('users service down');
    const throwing: PrincipalMapper = {
      toPrincipal: () => {
        throw boom;
      },
    };
    await expect(resolverWith(fakeAuthenticator(() => tokenPrincipal), throwing).resolve(request({}), context, route)).rejects.toBe(boom);
  });

  it('hands the route’s rule to the authenticator with the request (Basic and the cross-site check follow the route)', () => {
    const authenticator = fakeAuthenticator(() => tokenPrincipal);
    const req = request();
    resolverWith(authenticator).resolve(req, context, route);
    expect(routePolicyOf(req)).toBe(route);
  });

  it('refuses another guard’s user on a request a browser sent from another site, before mapping it', async () => {
    let mapped = 0;
    const mapper: PrincipalMapper = {
      toPrincipal: () => {
        mapped++;
        return { user: 'bob', privileges: [] };
      },
    };
    const authenticator = fakeAuthenticator(() => tokenPrincipal);
    // A session cookie's user on a cross-site form post: the browser sent the cookie by itself.
    const forged = request({ sub: 'bob' }, { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' });
    await expect(resolverWith(authenticator, mapper).resolve(forged, context, route)).rejects.toBeInstanceOf(CrossSiteRequestError);
    expect(mapped).toBe(0);
    expect(principalOf(forged)).toBeUndefined();
    // The same on a route that serves every site (@AllowCrossSite()), and from the site itself.
    const allowed = resolverWith(authenticator, mapper).resolve(request({ sub: 'bob' }, { 'sec-fetch-site': 'cross-site' }), context, { ...route, refuseCrossSite: false });
    expect(allowed).toMatchObject({ user: 'bob' });
    expect(resolverWith(authenticator, mapper).resolve(request({ sub: 'bob' }, { 'sec-fetch-site': 'same-origin' }), context, route)).toMatchObject({ user: 'bob' });
    expect(mapped).toBe(2);
    expect(authenticator.calls).toBe(0);
  });
});
