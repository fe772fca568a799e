// authenticateAs: the one-line stand-in for the library's guards, with no database and no
// TokensModule — a controller, a global guard and supertest, as an app's unit test has them.
import { Controller, Get, SetMetadata, UseGuards, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { Principal } from '../auth/principal.interface.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { TokenAuthGuard } from '../auth/token-auth.guard.js';
import { PrivilegeGuard } from '../privileges/privilege.guard.js';
import { Public } from '../privileges/public.decorator.js';
import { RequirePrivilege } from '../privileges/require-privilege.decorator.js';
import { authenticateAs, type TestIdentity } from './authenticate-as.js';
import { createTestPrincipal } from './create-test-principal.js';

const APP_PUBLIC = 'app:is-public';

@Controller()
class ReportsController {
  @Public() @Get('health') health(): string {
    return 'ok';
  }

  @SetMetadata(APP_PUBLIC, true) @Get('open') open(): string {
    return 'open';
  }

  @RequirePrivilege('reports') @Get('reports') reports(@CurrentPrincipal() me: Principal | undefined): { user: string | undefined } {
    return { user: me?.user };
  }

  @Get('admin') admin(): string {
    return 'admin';
  }
}

@Controller('bound')
@UseGuards(TokenAuthGuard)
class BoundController {
  @Get() whoami(@CurrentPrincipal() me: Principal | undefined): { user: string | undefined } {
    return { user: me?.user };
  }
}

async function appWith(identity: TestIdentity): Promise<INestApplication> {
  // The app registers the guard globally the way the README says; the test replaces it in one line.
  const moduleRef = await Test.createTestingModule({
    controllers: [ReportsController],
    providers: [{ provide: APP_GUARD, useValue: authenticateAs(identity, { publicMetadataKeys: [APP_PUBLIC] }) }],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('authenticateAs', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('authenticates every request as the principal and checks the route’s privileges against it', async () => {
    app = await appWith(createTestPrincipal({ user: 'alice', privileges: ['reports'] }));
    const http = request(app.getHttpServer());
    expect((await http.get('/reports').expect(200)).body).toEqual({ user: 'alice' });
    // Limited: a route without @RequirePrivilege needs full access, as with PrivilegeGuard.
    const refused = await http.get('/admin').expect(403);
    expect(refused.body.message).toContain('unrestricted');
  });

  it('names the missing privilege in the 403', async () => {
    app = await appWith(createTestPrincipal({ user: 'bob', privileges: ['apitokens'] }));
    const refused = await request(app.getHttpServer()).get('/reports').expect(403);
    expect(refused.body).toMatchObject({ statusCode: 403, privilege: 'reports' });
  });

  it('lets a full-access principal through routes without a privilege, and through those whose privileges its owner holds', async () => {
    app = await appWith(createTestPrincipal({ privileges: ['reports'], fullAccess: true }));
    const http = request(app.getHttpServer());
    await http.get('/reports').expect(200);
    await http.get('/admin').expect(200);
  });

  it('holds no privilege the test did not give (a full-access token holds its owner’s privileges, no more)', async () => {
    app = await appWith(createTestPrincipal());
    const http = request(app.getHttpServer());
    await http.get('/admin').expect(200);
    await http.get('/reports').expect(403);
  });

  it('answers 401 with the challenge when the identity is null, and serves public routes (ours and the app’s marker)', async () => {
    app = await appWith(null);
    const http = request(app.getHttpServer());
    const refused = await http.get('/reports').expect(401);
    expect(refused.headers['www-authenticate']).toBe('cpanel realm="API"');
    await http.get('/health').expect(200, 'ok');
    await http.get('/open').expect(200, 'open');
  });

  it('chooses the principal per request when given a function', async () => {
    app = await appWith((req) => {
      const user = (req as { headers: Record<string, string | undefined> }).headers['x-test-user'];
      return user === undefined ? null : createTestPrincipal({ user, privileges: ['reports'] });
    });
    const http = request(app.getHttpServer());
    expect((await http.get('/reports').set('x-test-user', 'carol').expect(200)).body).toEqual({ user: 'carol' });
    await http.get('/reports').expect(401);
  });

  it('replaces a guard bound with @UseGuards through overrideGuard', async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [BoundController] })
      .overrideGuard(TokenAuthGuard)
      .useValue(authenticateAs(createTestPrincipal({ user: 'dave' })))
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    expect((await request(app.getHttpServer()).get('/bound').expect(200)).body).toEqual({ user: 'dave' });
  });

  it('is what overrideProvider(PrivilegeGuard) takes for the global registration (useExisting)', async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [ReportsController],
      providers: [PrivilegeGuard, { provide: APP_GUARD, useExisting: PrivilegeGuard }],
    })
      .overrideProvider(PrivilegeGuard)
      .useValue(authenticateAs(createTestPrincipal({ user: 'erin', privileges: ['reports'] })))
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    expect((await request(app.getHttpServer()).get('/reports').expect(200)).body).toEqual({ user: 'erin' });
  });
});
