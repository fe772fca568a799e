// Route rules over HTTP: a handler inherited by a public and an admin controller keeps both rules
// whichever is hit first; class-level and method-level privileges add up; contradictions and
// undeclared privilege ids stop the app at startup with the route's name. (No database work
// beyond authentication: SQLite only.)
import { Controller, Get, SetMetadata, UseGuards, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import request from 'supertest';
import { PrivilegeGuard, Public, RequirePrivilege, TokenAuthGuard, type PrivilegeId } from 'nestjs-api-tokens';
import { buildGuardTestApp, createGuardTestApp, type GuardTestApp } from './support/guard-test-app.js';

// The workspace's registry holds the demo's ids; these suites declare their own catalog.
const id = (value: string): PrivilegeId => value as PrivilegeId;

const PRIVILEGES = [
  { id: 'admin', label: 'Administer' },
  { id: 'reports', label: 'Read reports' },
];
const GLOBAL_GUARD = { provide: APP_GUARD, useExisting: PrivilegeGuard };

// The base-controller pattern, twice, so each order of first hits is exercised in one app.
class ItemsBase {
  @Get('items')
  items(): { ok: true } {
    return { ok: true };
  }
}
@Public()
@Controller('public-first')
class PublicFirst extends ItemsBase {}
@RequirePrivilege(id('admin'))
@Controller('admin-second')
class AdminSecond extends ItemsBase {}

class OtherBase {
  @Get('items')
  items(): { ok: true } {
    return { ok: true };
  }
}
@RequirePrivilege(id('admin'))
@Controller('admin-first')
class AdminFirst extends OtherBase {}
@Public()
@Controller('public-second')
class PublicSecond extends OtherBase {}

@RequirePrivilege(id('admin'))
@Controller('layered')
class Layered {
  @RequirePrivilege(id('reports'))
  @Get('both')
  both(): { ok: true } {
    return { ok: true };
  }

  @Get('class-only')
  classOnly(): { ok: true } {
    return { ok: true };
  }
}

@Controller('methods')
class MethodLevel {
  @RequirePrivilege(id('reports'))
  @Get('reports')
  reports(): { ok: true } {
    return { ok: true };
  }

  @Get('full-access-only')
  fullAccessOnly(): { ok: true } {
    return { ok: true };
  }
}

// TokenAuthGuard (no global guard) through an inherited, class-level @UseGuards.
@UseGuards(TokenAuthGuard)
class AuthenticatedBase {
  @Get('thing')
  thing(): { ok: true } {
    return { ok: true };
  }
}
@Public()
@Controller('open-child')
class OpenChild extends AuthenticatedBase {}
@Controller('closed-child')
class ClosedChild extends AuthenticatedBase {}

describe('route rules over HTTP, with the global PrivilegeGuard', () => {
  let t: GuardTestApp;
  let http: ReturnType<typeof request>;
  let admin: string;
  let reports: string;
  let both: string;
  let full: string;

  beforeAll(async () => {
    t = await createGuardTestApp({
      controllers: [PublicFirst, AdminSecond, AdminFirst, PublicSecond, Layered, MethodLevel],
      providers: [GLOBAL_GUARD],
      tokens: { privileges: PRIVILEGES },
    });
    http = request(t.app.getHttpServer());
    [admin, reports, both, full] = await Promise.all([
      t.header({ privileges: ['admin'] }),
      t.header({ privileges: ['reports'] }),
      t.header({ privileges: ['admin', 'reports'] }),
      t.header(),
    ]);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('an inherited handler: the public twin hit first does not open the admin twin', async () => {
    await http.get('/public-first/items').expect(200);
    const refused = await http.get('/admin-second/items').expect(401);
    expect(refused.headers['www-authenticate']).toBe('cpanel realm="API"');
    await http.get('/admin-second/items').set('Authorization', reports).expect(403);
    await http.get('/admin-second/items').set('Authorization', admin).expect(200);
    await http.get('/public-first/items').expect(200);
  });

  it('an inherited handler: the admin twin hit first does not close the public twin', async () => {
    await http.get('/admin-first/items').set('Authorization', admin).expect(200);
    await http.get('/admin-first/items').expect(401);
    await http.get('/public-second/items').expect(200);
    await http.get('/admin-first/items').expect(401);
  });

  it('class-level and method-level privileges add up', async () => {
    await http.get('/layered/both').set('Authorization', admin).expect(403);
    await http.get('/layered/both').set('Authorization', reports).expect(403);
    await http.get('/layered/both').set('Authorization', both).expect(200);
    await http.get('/layered/class-only').set('Authorization', admin).expect(200);
    const lacking = await http.get('/layered/class-only').set('Authorization', reports).expect(403);
    expect(lacking.body).toMatchObject({ privilege: 'admin', message: 'This credential lacks the privilege “Administer”.' });
  });

  it('method-level alone; no rule means full access only', async () => {
    await http.get('/methods/reports').set('Authorization', reports).expect(200);
    await http.get('/methods/reports').set('Authorization', admin).expect(403);
    await http.get('/methods/full-access-only').set('Authorization', both).expect(403);
    await http.get('/methods/full-access-only').set('Authorization', full).expect(200);
    await http.get('/methods/full-access-only').expect(401);
  });
});

describe('route rules over HTTP, with TokenAuthGuard inherited from a base controller', () => {
  let t: GuardTestApp;

  beforeAll(async () => {
    t = await createGuardTestApp({ controllers: [OpenChild, ClosedChild], tokens: { privileges: PRIVILEGES } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('the public child first, then the closed child still asks for a credential', async () => {
    const http = request(t.app.getHttpServer());
    await http.get('/open-child/thing').expect(200);
    await http.get('/closed-child/thing').expect(401);
    await http.get('/closed-child/thing').set('Authorization', await t.header({ privileges: ['reports'] })).expect(200);
  });
});

describe('route rules checked when the app starts', () => {
  const IS_PUBLIC_KEY = 'isPublic';

  async function startWith(controllers: Parameters<typeof buildGuardTestApp>[0]['controllers'], tokens = {}): Promise<string> {
    let app: INestApplication | undefined;
    try {
      app = await buildGuardTestApp({ controllers, tokens: { privileges: PRIVILEGES, ...tokens } });
      await app.init();
      return 'started';
    } catch (error) {
      return (error as Error).message;
    } finally {
      await app?.close().catch(() => undefined);
    }
  }

  it('starts an app whose rules are consistent', async () => {
    await expect(startWith([PublicFirst, AdminSecond, Layered, MethodLevel])).resolves.toBe('started');
  });

  it('refuses @Public() with @RequirePrivilege on one handler', async () => {
    @Controller('x')
    class Both {
      @Public()
      @RequirePrivilege(id('admin'))
      @Get()
      both(): void {}
    }
    const message = await startWith([Both]);
    expect(message).toContain('Both.both is public');
    expect(message).toContain('requires the privileges admin');
  });

  it('refuses a public class with a privileged method, and a privileged class with a public method', async () => {
    @Public()
    @Controller('a')
    class PublicClass {
      @RequirePrivilege(id('reports'))
      @Get()
      guarded(): void {}
    }
    @RequirePrivilege(id('admin'))
    @Controller('b')
    class PrivilegedClass {
      @Public()
      @Get()
      open(): void {}
    }
    const message = await startWith([PublicClass, PrivilegedClass]);
    expect(message).toContain('2 route(s)');
    expect(message).toContain('PublicClass.guarded is public');
    expect(message).toContain('PrivilegedClass.open is public');
  });

  it('refuses a public subclass of a privileged controller (inherited rules count)', async () => {
    @RequirePrivilege(id('admin'))
    class AdminBase {
      @Get('inherited')
      inherited(): void {}
    }
    @Public()
    @Controller('c')
    class PublicChild extends AdminBase {}
    expect(await startWith([PublicChild])).toContain('PublicChild.inherited is public');
  });

  it("refuses the app's own public marker with @RequirePrivilege once the marker is declared", async () => {
    @Controller('d')
    class Marked {
      @SetMetadata(IS_PUBLIC_KEY, true)
      @RequirePrivilege(id('reports'))
      @Get()
      marked(): void {}
    }
    expect(await startWith([Marked], { publicMetadataKeys: [IS_PUBLIC_KEY] })).toContain('Marked.marked is public');
  });

  it('refuses a privilege id the module does not declare', async () => {
    @Controller('e')
    class Typo {
      @RequirePrivilege(id('reprots'))
      @Get()
      list(): void {}
    }
    const message = await startWith([Typo]);
    expect(message).toContain('Typo.list requires “reprots”, which TokensModule does not declare');
    expect(message).toContain('declared: admin, reports, apitokens');
  });
});
