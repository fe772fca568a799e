// The library beside another Passport strategy (passport-jwt + @nestjs/jwt, as in Nest's docs):
// `AuthGuard([...])` in both orders, a JWT user mapped to a Principal and judged by
// `@RequirePrivilege`, the app's own `@Public()` marker, and the library's token on the same
// routes. (Authentication only touches the database through the library: SQLite.)
import { jest } from '@jest/globals';
import { Controller, Get, Injectable, Req, SetMetadata, UseGuards, type ExecutionContext } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import request from 'supertest';
import {
  CurrentPrincipal,
  PrivilegeGuard,
  RequirePrivilege,
  TOKEN_STRATEGY_NAME,
  type MappedPrincipal,
  type Principal,
  type PrivilegeId,
  type TokensModuleOptions,
} from 'nestjs-api-tokens';
// The library's lookup, failed to stand for a store that is down: not part of the package's API.
import { ApiTokenSource } from '../../libs/api-tokens/src/tokens/api-token.source.js';
import { createGuardTestApp, type GuardTestApp } from './support/guard-test-app.js';

const JWT_SECRET = 'jwt-test-secret-0123456789-abcdefghijkl';
const IS_PUBLIC_KEY = 'isPublic';
/** The app's own marker, exactly the Nest docs recipe. */
const AppPublic = () => SetMetadata(IS_PUBLIC_KEY, true);
// The workspace's registry holds the demo's ids; this suite declares its own catalog.
const id = (value: string): PrivilegeId => value as PrivilegeId;
const PRIVILEGES = [{ id: 'reports', label: 'Read reports' }];
const FORGED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
/** What Passport's middleware and @nestjs/passport's guard set on each request they authenticate. */
const PASSPORT_PROPERTIES = ['user', 'authInfo', 'login', 'logIn', 'logout', 'logOut', 'isAuthenticated', 'isUnauthenticated', '_sessionManager'];

interface JwtUser {
  readonly username: string;
  readonly roles: readonly string[];
}

@Injectable()
class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  constructor() {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: JWT_SECRET });
  }

  validate(payload: { sub: string; roles: string[] }): JwtUser {
    return { username: payload.sub, roles: payload.roles };
  }
}

const isJwtUser = (user: unknown): user is JwtUser => typeof user === 'object' && user !== null && 'username' in user && 'roles' in user;

/** The app's mapping: JWT roles are privileges; the role `root` is full access. */
const principalMapper: TokensModuleOptions['principalMapper'] = {
  toPrincipal: (user): MappedPrincipal | null =>
    isJwtUser(user) ? { user: user.username, privileges: user.roles, fullAccess: user.roles.includes('root'), id: `jwt:${user.username}` } : null,
};

const jwtModule = JwtModule.register({ secret: JWT_SECRET, signOptions: { expiresIn: '1h' } });

@Controller('chain')
class ChainController {
  @UseGuards(AuthGuard([TOKEN_STRATEGY_NAME, 'jwt']))
  @Get('token-first')
  tokenFirst(@Req() req: { user: unknown }): { user: unknown } {
    return { user: req.user };
  }

  @UseGuards(AuthGuard(['jwt', TOKEN_STRATEGY_NAME]))
  @Get('jwt-first')
  jwtFirst(@Req() req: { user: unknown }): { user: unknown } {
    return { user: req.user };
  }

  @UseGuards(AuthGuard([TOKEN_STRATEGY_NAME, 'jwt']))
  @Get('own-properties')
  ownProperties(@Req() req: { user?: unknown; isAuthenticated?: () => boolean }): { own: string[]; user: unknown; authenticated: boolean | undefined } {
    return { own: PASSPORT_PROPERTIES.filter((name) => Object.prototype.hasOwnProperty.call(req, name)), user: req.user, authenticated: req.isAuthenticated?.() };
  }

  @UseGuards(AuthGuard([TOKEN_STRATEGY_NAME, 'jwt']), PrivilegeGuard)
  @RequirePrivilege(id('reports'))
  @Get('reports')
  reports(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}

/** The Nest docs' global authentication guard, with the app's @Public() marker, accepting a JWT or a library token. */
@Injectable()
class AppAuthGuard extends AuthGuard(['jwt', TOKEN_STRATEGY_NAME]) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()])) return true;
    return super.canActivate(context) as Promise<boolean>;
  }
}

@Controller('g')
class GlobalController {
  @AppPublic()
  @Get('health')
  health(): { ok: true } {
    return { ok: true };
  }

  @RequirePrivilege(id('reports'))
  @Get('reports')
  reports(@CurrentPrincipal() principal: Principal, @Req() req: { user: unknown }): { principal: Principal; user: unknown } {
    return { principal, user: req.user };
  }

  @Get('full')
  full(): { ok: true } {
    return { ok: true };
  }
}

describe.each([false, true])('AuthGuard([...]) with the library strategy and passport-jwt, on one route (expressRequestAccessors: %s)', (accessors) => {
  let t: GuardTestApp;
  let http: ReturnType<typeof request>;
  let jwt: JwtService;

  beforeAll(async () => {
    t = await createGuardTestApp({
      imports: [jwtModule],
      controllers: [ChainController],
      providers: [JwtStrategy],
      tokens: { privileges: PRIVILEGES, principalMapper, failureLimit: { points: 2, durationSeconds: 60, blockSeconds: 60 }, expressRequestAccessors: accessors },
    });
    http = request(t.app.getHttpServer());
    jwt = t.app.get(JwtService);
  });

  afterAll(async () => {
    await t?.close();
  });

  const bearer = (sub: string, roles: string[]): string => `Bearer ${jwt.sign({ sub, roles })}`;

  it.each(['token-first', 'jwt-first'])('%s: a valid JWT passes, and req.user is the JWT user', async (route) => {
    const res = await http.get(`/chain/${route}`).set('Authorization', bearer('jwt-alice', ['reports'])).expect(200);
    expect(res.body.user).toEqual({ username: 'jwt-alice', roles: ['reports'] });
  });

  it.each(['token-first', 'jwt-first'])('%s: the library token passes on the same route', async (route) => {
    const res = await http.get(`/chain/${route}`).set('Authorization', await t.header()).expect(200);
    expect(res.body.user).toMatchObject({ user: 'alice', credential: { kind: 'api-token' } });
  });

  it.each(['token-first', 'jwt-first'])('%s: nothing, a forged token or a bad JWT gets 401 with the challenge', async (route) => {
    for (const header of [undefined, `cpanel alice:${FORGED}`, 'Bearer not.a.jwt']) {
      const req = http.get(`/chain/${route}`).set('X-Forwarded-For', '192.0.2.1');
      if (header) req.set('Authorization', header);
      const res = await req.expect(401);
      expect(res.headers['www-authenticate']).toBe('cpanel realm="API"');
    }
  });

  it(`Passport's request properties are ${accessors ? 'prototype accessors: none is added to the request' : 'own properties of the request'}; they read the same either way`, async () => {
    for (const header of [await t.header(), bearer('jwt-erin', ['reports'])]) {
      const res = await http.get('/chain/own-properties').set('Authorization', header).expect(200);
      expect(res.body.own).toEqual(accessors ? [] : PASSPORT_PROPERTIES);
      expect(res.body.authenticated).toBe(true);
      expect(res.body.user).toMatchObject(header.startsWith('Bearer') ? { username: 'jwt-erin' } : { user: 'alice', credential: { kind: 'api-token' } });
    }
    // One request's values are not another's: a refused request after an admitted one has no user.
    await http.get('/chain/own-properties').set('Authorization', `cpanel alice:${FORGED}`).set('X-Forwarded-For', '192.0.2.9').expect(401);
  });

  it('does not count another scheme (Bearer) as a failed attempt of the library', async () => {
    // Limit: 2 failures. Bearer headers, good or bad, are not the library's to count.
    for (let i = 0; i < 5; i++) await http.get('/chain/token-first').set('Authorization', 'Bearer not.a.jwt').expect(401);
    for (let i = 0; i < 3; i++) await http.get('/chain/token-first').set('Authorization', bearer('jwt-bob', [])).expect(200);
    await http.get('/chain/token-first').set('Authorization', `cpanel alice:${FORGED}`).expect(401);
  });

  it('keeps the credential store being down an error (503), whatever the order', async () => {
    const header = await t.header();
    const lookup = jest.spyOn(t.app.get(ApiTokenSource), 'findByHash').mockRejectedValue(new Error('connection refused'));
    try {
      for (const route of ['token-first', 'jwt-first']) {
        const res = await http.get(`/chain/${route}`).set('Authorization', header).expect(503);
        expect(res.headers['retry-after']).toBe('5');
      }
    } finally {
      lookup.mockRestore();
    }
  });

  it('maps the JWT user to a Principal for PrivilegeGuard: allowed, refused, and the token alike', async () => {
    const allowed = await http.get('/chain/reports').set('Authorization', bearer('jwt-carol', ['reports'])).expect(200);
    expect(allowed.body).toMatchObject({ user: 'jwt-carol', credential: { kind: 'external', id: 'jwt:jwt-carol' }, fullAccess: false, privileges: ['reports'] });
    const refused = await http.get('/chain/reports').set('Authorization', bearer('jwt-dave', ['other'])).expect(403);
    expect(refused.body).toMatchObject({ privilege: 'reports' });
    await http.get('/chain/reports').set('Authorization', await t.header({ privileges: ['reports'] })).expect(200);
    await http.get('/chain/reports').set('Authorization', await t.header({ privileges: ['apitokens'] })).expect(403);
  });
});

/**
 * Nest's documented setup: the app's own JWT guard, then PrivilegeGuard, both global. Started
 * before the describe's tests and closed after them; the fields are set once it started.
 */
function useGlobalGuards(tokens: Partial<TokensModuleOptions>): { t: GuardTestApp; http: ReturnType<typeof request>; jwt: JwtService } {
  const app = {} as { t: GuardTestApp; http: ReturnType<typeof request>; jwt: JwtService };
  beforeAll(async () => {
    app.t = await createGuardTestApp({
      imports: [jwtModule],
      controllers: [GlobalController],
      providers: [JwtStrategy, { provide: APP_GUARD, useClass: AppAuthGuard }, { provide: APP_GUARD, useExisting: PrivilegeGuard }],
      tokens,
    });
    app.http = request(app.t.app.getHttpServer());
    app.jwt = app.t.app.get(JwtService);
  });
  afterAll(async () => {
    await app.t?.close();
  });
  return app;
}

describe("global guards as in Nest's docs: the app's JWT guard with its own @Public(), then PrivilegeGuard", () => {
  const app = useGlobalGuards({ privileges: PRIVILEGES, principalMapper, publicMetadataKeys: [IS_PUBLIC_KEY] });

  const bearer = (sub: string, roles: string[]): string => `Bearer ${app.jwt.sign({ sub, roles })}`;

  it("honours the app's own public marker in both guards", async () => {
    await app.http.get('/g/health').expect(200);
  });

  it('decides privileges for a mapped JWT user; request.user stays the JWT user', async () => {
    const res = await app.http.get('/g/reports').set('Authorization', bearer('jwt-erin', ['reports'])).expect(200);
    expect(res.body.principal).toMatchObject({ user: 'jwt-erin', credential: { kind: 'external' }, privileges: ['reports'] });
    expect(res.body.user).toEqual({ username: 'jwt-erin', roles: ['reports'] });
    await app.http.get('/g/reports').set('Authorization', bearer('jwt-frank', [])).expect(403);
  });

  it('routes without a privilege: full access only, for mapped users as for tokens', async () => {
    await app.http.get('/g/full').set('Authorization', bearer('jwt-root', ['root'])).expect(200);
    await app.http.get('/g/full').set('Authorization', bearer('jwt-gina', ['reports'])).expect(403);
    await app.http.get('/g/full').set('Authorization', await app.t.header()).expect(200);
    await app.http.get('/g/full').set('Authorization', await app.t.header({ privileges: ['reports'] })).expect(403);
  });

  it('serves the library token on the same routes, and refuses nothing at all', async () => {
    const res = await app.http.get('/g/reports').set('Authorization', await app.t.header({ privileges: ['reports'] })).expect(200);
    expect(res.body.principal).toMatchObject({ user: 'alice', credential: { kind: 'api-token' } });
    const refused = await app.http.get('/g/reports').expect(401);
    expect(refused.headers['www-authenticate']).toBe('cpanel realm="API"');
  });
});

describe('without a principalMapper or publicMetadataKeys', () => {
  const app = useGlobalGuards({ privileges: PRIVILEGES });

  it('a JWT user is no principal (401), and the app marker does not open PrivilegeGuard', async () => {
    await app.http.get('/g/reports').set('Authorization', `Bearer ${app.jwt.sign({ sub: 'jwt-hal', roles: ['reports'] })}`).expect(401);
    await app.http.get('/g/health').expect(401);
    await app.http.get('/g/reports').set('Authorization', await app.t.header({ privileges: ['reports'] })).expect(200);
  });
});
