// The guards' protected hooks, each overridden by a subclass the way an app would (getRequest,
// getResponse, isPublic, handleRefusal), and the global registration replaced in a test the way
// Nest's testing docs teach (overrideProvider on the `useExisting` target). SQLite only: no
// database work beyond authentication.
import { Controller, Get, HttpException, Injectable, NotFoundException, type ExecutionContext } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { TestingModuleBuilder } from '@nestjs/testing';
import request from 'supertest';
import {
  CurrentPrincipal,
  PrivilegeGuard,
  RequirePrivilege,
  TokenAuthGuard,
  type AuthenticatableRequest,
  type HttpResponseLike,
  type Principal,
  type PrivilegeId,
} from 'nestjs-api-tokens';
import { authenticateAs, createTestPrincipal } from 'nestjs-api-tokens/testing';
import { createGuardTestApp, type GuardTestApp } from './support/guard-test-app.js';

// The workspace's registry holds the demo's ids; this suite declares its own catalog.
const id = (value: string): PrivilegeId => value as PrivilegeId;
const PRIVILEGES = [{ id: 'admin', label: 'Administer' }];

@Controller('h')
class HookedController {
  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @RequirePrivilege(id('admin'))
  @Get('admin')
  admin(): { ok: true } {
    return { ok: true };
  }

  /** No @Public(): the subclass's isPublic opens every /h/health* route. */
  @RequirePrivilege(id('admin'))
  @Get('health')
  health(): { ok: true } {
    return { ok: true };
  }
}

/**
 * getRequest: credentials arrive in `X-Api-Token: user:token` (a gateway's convention) and are
 * presented to the library as its header; isPublic: health checks skip authentication;
 * handleRefusal: admin routes are hidden (404) from callers who may not see them.
 */
@Injectable()
class GatewayPrivilegeGuard extends PrivilegeGuard {
  readonly seen: string[] = [];

  protected override getRequest(context: ExecutionContext): AuthenticatableRequest {
    const req = super.getRequest(context);
    const carried = req.headers['x-api-token'];
    if (typeof carried === 'string' && req.headers.authorization === undefined) req.headers.authorization = `cpanel ${carried}`;
    this.seen.push('getRequest');
    return req;
  }

  protected override isPublic(context: ExecutionContext): boolean {
    return super.isPublic(context) || context.switchToHttp().getRequest<{ url: string }>().url.startsWith('/h/health');
  }

  protected override handleRefusal(error: unknown, context: ExecutionContext): never {
    try {
      super.handleRefusal(error, context);
    } catch (answer) {
      if (answer instanceof HttpException && [401, 403].includes(answer.getStatus())) throw new NotFoundException();
      throw answer;
    }
  }
}

/** getResponse: no header on refusals; handleRefusal: the app's own error body. */
@Injectable()
class QuietTokenAuthGuard extends TokenAuthGuard {
  protected override getResponse(_context: ExecutionContext): HttpResponseLike | undefined {
    return undefined;
  }

  protected override handleRefusal(error: unknown, context: ExecutionContext): never {
    try {
      super.handleRefusal(error, context);
    } catch (answer) {
      const status = answer instanceof HttpException ? answer.getStatus() : 500;
      throw new HttpException({ code: 'AUTH_REFUSED', status }, status);
    }
  }
}

describe('PrivilegeGuard subclassed through its hooks', () => {
  let t: GuardTestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    t = await createGuardTestApp({
      controllers: [HookedController],
      providers: [GatewayPrivilegeGuard, { provide: APP_GUARD, useExisting: GatewayPrivilegeGuard }],
      tokens: { privileges: PRIVILEGES },
    });
    http = request(t.app.getHttpServer());
  });

  afterAll(async () => {
    await t?.close();
  });

  it('getRequest: a credential carried in another header authenticates, and @CurrentPrincipal sees it', async () => {
    const header = await t.header();
    const res = await http.get('/h/me').set('X-Api-Token', header.slice('cpanel '.length)).expect(200);
    expect(res.body).toMatchObject({ user: 'alice', credential: { kind: 'api-token' } });
    expect(t.app.get(GatewayPrivilegeGuard).seen).toContain('getRequest');
  });

  it('isPublic: the subclass opens health checks, nothing else', async () => {
    await http.get('/h/health').expect(200);
    await http.get('/h/admin').set('Authorization', await t.header()).expect(200);
  });

  it('handleRefusal: missing credential and missing privilege both answer 404', async () => {
    await http.get('/h/admin').expect(404);
    await http.get('/h/admin').set('Authorization', await t.header({ privileges: ['apitokens'] })).expect(404);
  });
});

describe('TokenAuthGuard subclassed through its hooks', () => {
  let t: GuardTestApp;

  beforeAll(async () => {
    t = await createGuardTestApp({
      controllers: [HookedController],
      providers: [{ provide: APP_GUARD, useClass: QuietTokenAuthGuard }],
      tokens: { privileges: PRIVILEGES },
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('getResponse and handleRefusal: the app answers refusals its own way, without the challenge header', async () => {
    const http = request(t.app.getHttpServer());
    const res = await http.get('/h/me').expect(401);
    expect(res.body).toEqual({ code: 'AUTH_REFUSED', status: 401 });
    expect(res.headers['www-authenticate']).toBeUndefined();
    // Authentication only: a limited token passes where PrivilegeGuard would say 403.
    await http.get('/h/admin').set('Authorization', await t.header({ privileges: ['apitokens'] })).expect(200);
  });
});

describe("replacing the global PrivilegeGuard in a test (Nest's testing docs)", () => {
  /** The hooked routes behind the documented registration, with one override; closed after `use`. */
  const withOverride = async (
    override: (builder: TestingModuleBuilder) => TestingModuleBuilder,
    use: (http: ReturnType<typeof request>) => Promise<void>,
  ): Promise<void> => {
    const t = await createGuardTestApp({
      controllers: [HookedController],
      providers: [{ provide: APP_GUARD, useExisting: PrivilegeGuard }],
      tokens: { privileges: PRIVILEGES },
      override,
    });
    try {
      await use(request(t.app.getHttpServer()));
    } finally {
      await t.close();
    }
  };

  it('with the documented registration, overrideProvider(PrivilegeGuard) replaces it in one line', async () => {
    await withOverride(
      (builder) => builder.overrideProvider(PrivilegeGuard).useValue({ canActivate: () => true }),
      async (http) => void (await http.get('/h/admin').expect(200)),
    );
  });

  it('authenticateAs (nestjs-api-tokens/testing) stands in for it in one line: the principal reaches the handler, privileges still apply', async () => {
    const tester = createTestPrincipal({ user: 'tester', privileges: [] });
    await withOverride(
      (builder) => builder.overrideProvider(PrivilegeGuard).useValue(authenticateAs(tester)),
      async (http) => {
        // A limited principal without 'admin': /h/me (no privilege: full access only) and /h/admin refuse.
        await http.get('/h/admin').expect(403);
        await http.get('/h/me').expect(403);
      },
    );
    const root = createTestPrincipal({ user: 'root', privileges: [id('admin')], fullAccess: true });
    await withOverride(
      (builder) => builder.overrideProvider(PrivilegeGuard).useValue(authenticateAs(root)),
      async (http) => {
        await http.get('/h/admin').expect(200);
        expect((await http.get('/h/me').expect(200)).body).toMatchObject({ user: 'root', fullAccess: true });
      },
    );
  });

  it('overrideGuard(PrivilegeGuard) reaches only @UseGuards enhancers, never an APP_GUARD (why the docs say overrideProvider)', async () => {
    await withOverride(
      (builder) => builder.overrideGuard(PrivilegeGuard).useValue({ canActivate: () => true }),
      async (http) => void (await http.get('/h/admin').expect(401)),
    );
  });
});
