// The cross-site protection and the Basic opt-in through HTTP, on Express and Fastify, on every
// way the library authenticates a route (PrivilegeGuard, TokenAuthGuard, Passport's AuthGuard,
// alone or in a chain with another strategy, and another guard's user mapped to a principal) and
// on a @Public() route marked @RefuseCrossSite(). Browser headers are set by hand here; the
// Chromium suite (test/app/cross-site-browser.e2e-spec.ts) shows real browsers send them.
import { applyDecorators, Controller, Get, HttpCode, Injectable, Module, Post, UseGuards, type INestApplication } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  AcceptBasicAuth,
  AllowCrossSite,
  AuthorizationKeysService,
  ApiTokensService,
  PrivilegeGuard,
  Public,
  RefuseCrossSite,
  RequirePrivilege,
  TOKEN_STRATEGY_NAME,
  TOKENS_ACCOUNT_PROVIDER,
  TokenAuthGuard,
  TokensModule,
  type AuthenticatableRequest,
  type InMemoryAccountProvider,
  type TokensModuleOptions,
} from 'nestjs-api-tokens';
import { createPlatformApp, PLATFORMS, type HttpPlatform } from './support/platforms.js';
import { inMemoryTokensDatabase } from '../support/in-memory-database.js';

const SECRET = 'cross-site-e2e-secret-0123456789-abcdefgh';
const CHALLENGE = 'cpanel realm="API"';
const Ok = { ok: true } as const;

@Controller('privilege')
@UseGuards(PrivilegeGuard)
class PrivilegeRoutes {
  @RequirePrivilege('list')
  @Get()
  read(): typeof Ok {
    return Ok;
  }

  @RequirePrivilege('list')
  @Post()
  @HttpCode(200)
  write(): typeof Ok {
    return Ok;
  }

  @AcceptBasicAuth()
  @RequirePrivilege('list')
  @Get('basic')
  basic(): typeof Ok {
    return Ok;
  }

  @AllowCrossSite()
  @RequirePrivilege('list')
  @Get('any-site')
  anySite(): typeof Ok {
    return Ok;
  }
}

@Controller('token-guard')
@UseGuards(TokenAuthGuard)
class TokenGuardRoutes {
  @Get()
  read(): typeof Ok {
    return Ok;
  }
}

@Controller('passport')
@UseGuards(AuthGuard(TOKEN_STRATEGY_NAME))
class PassportRoutes {
  @Get()
  read(): typeof Ok {
    return Ok;
  }
}

/** No credential needed, but it acts (think: trading a passphrase for a key). */
@Controller('public')
class PublicRoutes {
  @Public()
  @RefuseCrossSite()
  @Post('refusing')
  @HttpCode(200)
  refusing(): typeof Ok {
    return Ok;
  }

  @Public()
  @Get('open')
  open(): typeof Ok {
    return Ok;
  }
}

/**
 * A session-cookie strategy, as an app might run beside the library: a browser sends the cookie by
 * itself, also with requests another site's page makes it send.
 */
@Injectable()
class SessionCookieStrategy extends PassportStrategy(CustomStrategy, 'session-cookie') {
  validate(req: AuthenticatableRequest): { session: string } | false {
    const cookie = req.headers.cookie;
    return typeof cookie === 'string' && cookie.includes('session=alice') ? { session: 'alice' } : false;
  }
}

/** A POST whose cookie's user is mapped to a principal (principalMapper) and judged by PrivilegeGuard. */
const MappedSessionPost = (path: string): MethodDecorator =>
  applyDecorators(UseGuards(AuthGuard('session-cookie'), PrivilegeGuard), RequirePrivilege('list'), Post(path), HttpCode(200));

@Controller('beside')
class BesideOtherGuardsRoutes {
  /** The library's strategy first, the cookie second: Passport tries the next when one fails. */
  @UseGuards(AuthGuard([TOKEN_STRATEGY_NAME, 'session-cookie']))
  @Post('chain')
  @HttpCode(200)
  chain(): typeof Ok {
    return Ok;
  }

  @MappedSessionPost('mapped')
  mapped(): typeof Ok {
    return Ok;
  }

  @AllowCrossSite()
  @MappedSessionPost('mapped/any-site')
  mappedAnySite(): typeof Ok {
    return Ok;
  }
}

async function start(platform: HttpPlatform, tokens: Partial<TokensModuleOptions> = {}, trustProxy: string | false = false): Promise<INestApplication> {
  @Module({
    imports: [
      inMemoryTokensDatabase(),
      TokensModule.forRoot({ secret: SECRET, privileges: [{ id: 'list', label: 'List' }], ...tokens }),
    ],
    controllers: [PrivilegeRoutes, TokenGuardRoutes, PassportRoutes, PublicRoutes, BesideOtherGuardsRoutes],
    providers: [SessionCookieStrategy],
  })
  class CrossSiteAppModule {}
  const moduleRef = await Test.createTestingModule({ imports: [CrossSiteAppModule] }).compile();
  const app = await createPlatformApp(moduleRef, platform, { logger: false, trustProxy });
  app.get<InMemoryAccountProvider>(TOKENS_ACCOUNT_PROVIDER).register('alice');
  return app;
}

type Headers = Record<string, string>;
const CROSS_SITE_NAVIGATION: Headers = { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' };
const CROSS_SITE_FORM: Headers = { ...CROSS_SITE_NAVIGATION, Origin: 'https://evil.example' };
const CROSS_SITE_IMAGE: Headers = { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'image' };
const SAME_SITE_FETCH: Headers = { 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'cors', Origin: 'http://127.0.0.1:9' };
const SANDBOXED: Headers = { 'Sec-Fetch-Site': 'cross-site', Origin: 'null' };
const OLD_BROWSER_NULL: Headers = { Origin: 'null' };
const OLD_BROWSER_FOREIGN: Headers = { Origin: 'https://evil.example' };
const OLD_BROWSER_REFERER: Headers = { Referer: 'https://evil.example/attack.html' };
const REFUSED: Array<[string, Headers]> = [
  ['a cross-site navigation', CROSS_SITE_NAVIGATION],
  ['a cross-site form', CROSS_SITE_FORM],
  ['a cross-site image', CROSS_SITE_IMAGE],
  ['a same-site fetch from another port', SAME_SITE_FETCH],
  ['a sandboxed frame', SANDBOXED],
  ['Origin: null without Fetch Metadata', OLD_BROWSER_NULL],
  ['a foreign Origin without Fetch Metadata', OLD_BROWSER_FOREIGN],
  ['a foreign Referer without Fetch Metadata or Origin', OLD_BROWSER_REFERER],
];
// supertest listens on a new port per request: the own-origin cases name their Host themselves.
const SERVED: Array<[string, Headers]> = [
  ['no browser headers (curl, server-side clients)', {}],
  ['Sec-Fetch-Site: same-origin', { 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-Mode': 'cors' }],
  ['a typed address or bookmark (none + navigate)', { 'Sec-Fetch-Site': 'none', 'Sec-Fetch-Mode': 'navigate' }],
  ['its own Origin without Fetch Metadata', { Host: 'panel.test:3000', Origin: 'http://panel.test:3000' }],
  ['its own Referer without Fetch Metadata', { Host: 'panel.test:3000', Referer: 'http://panel.test:3000/#/tokens' }],
];

describe.each(PLATFORMS)('cross-site protection on %s', (platform) => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let token: string;
  let key: string;
  const cpanel = (): [string, string] => ['Authorization', `cpanel alice:${token}`];
  const basic = (secret: string): [string, string] => ['Authorization', `Basic ${Buffer.from(`alice:${secret}`).toString('base64')}`];

  beforeAll(async () => {
    // A low failure limit: requests that must not count as failures would soon be blocked if they did.
    app = await start(platform, { failureLimit: { points: 3, durationSeconds: 60, blockSeconds: 60 } });
    token = (await app.get(ApiTokensService).create('alice', { name: 'xsite' })).token;
    key = (await app.get(AuthorizationKeysService).create('alice', { ip: '127.0.0.1', service: 'xsite', privileges: ['list'] })).key;
    http = request(app.getHttpServer());
  });

  afterAll(async () => {
    await app?.close();
  });

  const routes: Array<[string, 'get' | 'post', string]> = [
    ['PrivilegeGuard GET', 'get', '/privilege'],
    ['PrivilegeGuard POST', 'post', '/privilege'],
    ['TokenAuthGuard', 'get', '/token-guard'],
    ['Passport AuthGuard', 'get', '/passport'],
  ];

  describe.each(routes)('%s', (_name, method, path) => {
    it.each(REFUSED)('refuses %s with 403, a clear message and no challenge, though the token is valid', async (_what, headers) => {
      const res = await http[method](path).set(...cpanel()).set(headers);
      expect(res.status).toBe(403);
      expect(res.headers['www-authenticate']).toBeUndefined();
      expect(res.body).toMatchObject({ statusCode: 403, message: expect.stringMatching(/^Cross-site request refused: /) });
      expect(JSON.stringify(res.body)).not.toContain(token);
    });

    it.each(SERVED)('serves %s', async (_what, headers) => {
      await http[method](path).set(...cpanel()).set(headers).expect(200);
    });

    it('answers a cross-site request without any credential with 403, not a 401 challenge the browser would prompt for', async () => {
      const res = await http[method](path).set(CROSS_SITE_NAVIGATION).expect(403);
      expect(res.headers['www-authenticate']).toBeUndefined();
    });
  });

  it('answers 401 with the challenge on the library’s guards and on AuthGuard(strategy) alone (Fastify: through the linked reply)', async () => {
    for (const path of ['/privilege', '/token-guard', '/passport']) {
      const res = await http.get(path).expect(401);
      expect(res.headers['www-authenticate']).toBe(CHALLENGE);
    }
  });

  describe('HTTP Basic', () => {
    it('is no credential on a route that does not opt in: 401 with the route’s challenge, never a Basic one', async () => {
      for (const path of ['/privilege', '/token-guard', '/passport']) {
        const res = await http.get(path).set(...basic(key)).expect(401);
        expect(res.headers['www-authenticate']).toBe(CHALLENGE);
        await http.get(path).set(...basic(token)).expect(401);
      }
    });

    it('is read on a route marked @AcceptBasicAuth(), with a key or a token', async () => {
      await http.get('/privilege/basic').set(...basic(key)).expect(200);
      await http.get('/privilege/basic').set(...basic(token)).expect(200);
    });

    it('is still refused cross-site where it is accepted', async () => {
      await http.get('/privilege/basic').set(...basic(key)).set(CROSS_SITE_IMAGE).expect(403);
    });

    it('counts neither ignored Basic headers nor cross-site refusals as failed attempts', async () => {
      // Three failures would block the address (failureLimit.points: 3).
      for (let i = 0; i < 5; i++) {
        await http.get('/privilege').set(...basic(key)).expect(401);
        await http.get('/privilege').set(...cpanel()).set(CROSS_SITE_FORM).expect(403);
        await http.get('/privilege').set('Authorization', `cpanel alice:${'A'.repeat(32)}`).set(CROSS_SITE_FORM).expect(403);
      }
      await http.get('/privilege').set(...cpanel()).expect(200);
      await http.get('/privilege').expect(401);
    });

    it('reads the apikey parameter beside an ignored Basic header', async () => {
      await http.get(`/privilege?apikey=${key}`).set(...basic('WRONGWRONGWRONGWRONG')).expect(200);
    });
  });

  it('serves a route marked @AllowCrossSite() to any site', async () => {
    await http.get('/privilege/any-site').set(...cpanel()).set(CROSS_SITE_FORM).expect(200);
  });

  it('refuses cross-site requests on a @Public() route marked @RefuseCrossSite(), and leaves other public routes alone', async () => {
    for (const [, headers] of REFUSED) {
      const res = await http.post('/public/refusing').set(headers).expect(403);
      expect(res.body.message).toMatch(/^Cross-site request refused: /);
    }
    for (const [, headers] of SERVED) await http.post('/public/refusing').set(headers).expect(200);
    await http.get('/public/open').set(CROSS_SITE_NAVIGATION).expect(200);
  });

  it('answers 503 with Retry-After when the credential store is down (Fastify: through reply.header)', async () => {
    const outage = await start(platform);
    try {
      const { token: t } = await outage.get(ApiTokensService).create('alice', { name: 'outage' });
      await outage.get(DataSource).destroy();
      const res = await request(outage.getHttpServer()).get('/privilege').set('Authorization', `cpanel alice:${t}`).expect(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await outage.close();
    }
  });
});

describe.each(PLATFORMS)('options on %s', (platform) => {
  it('lists other origins in crossSite.allowedOrigins: their pages may call, others may not', async () => {
    const app = await start(platform, { crossSite: { allowedOrigins: ['https://admin.example'] } });
    try {
      const { token } = await app.get(ApiTokensService).create('alice', { name: 'listed' });
      const http = request(app.getHttpServer());
      const auth: [string, string] = ['Authorization', `cpanel alice:${token}`];
      await http.post('/privilege').set(...auth).set({ 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'cors', Origin: 'https://admin.example' }).expect(200);
      await http.get('/privilege').set(...auth).set({ ...CROSS_SITE_NAVIGATION, Referer: 'https://admin.example/licenses' }).expect(200);
      await http.post('/privilege').set(...auth).set({ 'Sec-Fetch-Site': 'cross-site', Origin: 'https://admin.example.evil.example' }).expect(403);
      await http.post('/privilege').set(...auth).set({ 'Sec-Fetch-Site': 'cross-site', Origin: 'http://admin.example' }).expect(403);
    } finally {
      await app.close();
    }
  });

  it('turns the protection off with crossSite: false, and reads Basic everywhere with acceptBasicAuth: true', async () => {
    const app = await start(platform, { crossSite: false, acceptBasicAuth: true });
    try {
      const { key } = await app.get(AuthorizationKeysService).create('alice', { ip: '127.0.0.1', service: 'legacy', privileges: ['list'] });
      const http = request(app.getHttpServer());
      const basic: [string, string] = ['Authorization', `Basic ${Buffer.from(`alice:${key}`).toString('base64')}`];
      await http.get('/privilege').set(...basic).set(CROSS_SITE_FORM).expect(200);
      await http.get('/token-guard').set(...basic).expect(200);
      await http.get('/passport').set(...basic).expect(200);
      await http.post('/public/refusing').set(CROSS_SITE_FORM).expect(200);
    } finally {
      await app.close();
    }
  });
});

describe.each(PLATFORMS)('beside other guards on %s: a credential the browser attached by itself never acts cross-site', (platform) => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  const cookie: [string, string] = ['Cookie', 'session=alice'];
  const SAME_ORIGIN: Headers = { 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-Mode': 'cors' };

  beforeAll(async () => {
    app = await start(platform, {
      principalMapper: { toPrincipal: (user) => ((user as { session?: string }).session === 'alice' ? { user: 'alice', privileges: ['list'] } : null) },
    });
    http = request(app.getHttpServer());
  });

  afterAll(async () => {
    await app?.close();
  });

  it('ends a Passport chain with 403 on a cross-site request: the next strategy (a session cookie) is not tried', async () => {
    for (const [, headers] of REFUSED) {
      const res = await http.post('/beside/chain').set(...cookie).set(headers);
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/^Cross-site request refused: /);
    }
    // From the site itself, or from a client that is no browser, the cookie strategy answers.
    await http.post('/beside/chain').set(...cookie).set(SAME_ORIGIN).expect(200);
    await http.post('/beside/chain').set(...cookie).expect(200);
    await http.post('/beside/chain').set(SAME_ORIGIN).expect(401);
  });

  it("refuses another guard's user mapped to a principal on a cross-site request, unless the route allows every site", async () => {
    for (const [, headers] of REFUSED) {
      const res = await http.post('/beside/mapped').set(...cookie).set(headers);
      expect(res.status).toBe(403);
      expect(res.headers['www-authenticate']).toBeUndefined();
    }
    await http.post('/beside/mapped').set(...cookie).set(SAME_ORIGIN).expect(200);
    await http.post('/beside/mapped').set(...cookie).expect(200);
    await http.post('/beside/mapped/any-site').set(...cookie).set(CROSS_SITE_FORM).expect(200);
  });
});

describe.each(PLATFORMS)("the request's own origin with trustedProxies: 'framework' on %s", (platform) => {
  // Behind a proxy that terminates TLS: the browser's Origin is the proxy's public origin.
  const proxied: Headers = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'panel.example', Origin: 'https://panel.example' };

  it("follows the framework's proxy trust: X-Forwarded-Proto/-Host name the origin only from a trusted peer", async () => {
    const trusting = await start(platform, { trustedProxies: 'framework' }, 'loopback');
    const plain = await start(platform, { trustedProxies: 'framework' }, false);
    try {
      for (const app of [trusting, plain]) {
        const { token } = await app.get(ApiTokensService).create('alice', { name: 'framework-origin' });
        const http = request(app.getHttpServer());
        const auth: [string, string] = ['Authorization', `cpanel alice:${token}`];
        // supertest connects from 127.0.0.1: a proxy for `trusting`, a client like any other for `plain`.
        await http.post('/privilege').set(...auth).set(proxied).expect(app === trusting ? 200 : 403);
        // A client that names another public origin through the headers is never that origin's page.
        await http.post('/privilege').set(...auth).set({ ...proxied, Origin: 'https://evil.example' }).expect(403);
        await http.post('/privilege').set(...auth).set({ Host: 'panel.test:3000', Origin: 'http://panel.test:3000' }).expect(200);
      }
    } finally {
      await trusting.close();
      await plain.close();
    }
  });
});
