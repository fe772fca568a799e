// The route metadata reader on its own: one rule per controller class AND handler, handler and
// class privileges added up, contradictions and undeclared ids refused with the route's name.
import { Controller, Get, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AcceptBasicAuth } from '../auth/accept-basic-auth.decorator.js';
import { AuthChallenge } from '../auth/auth-challenge.decorator.js';
import { AllowCrossSite } from '../cross-site/allow-cross-site.decorator.js';
import { resolveTokensOptions } from '../tokens-options.resolved.js';
import type { TokensModuleOptions } from '../tokens-options.interface.js';
import { PrivilegeCatalog } from './privilege-catalog.js';
import { Public } from './public.decorator.js';
import type { PrivilegeId } from './privilege-definition.interface.js';
import { RequirePrivilege } from './require-privilege.decorator.js';
import { RouteRuleError, RouteRules } from './route-rules.js';

// The workspace's registry holds the demo's ids; these suites declare their own catalog.
const id = (value: string): PrivilegeId => value as PrivilegeId;

const IS_PUBLIC_KEY = 'isPublic';
const AppPublic = () => SetMetadata(IS_PUBLIC_KEY, true);
const SYMBOL_KEY = Symbol('app-public');

function rulesWith(options: Partial<TokensModuleOptions> = {}): RouteRules {
  const resolved = resolveTokensOptions({
    secret: 'route-rules-spec-secret-0123456789-abcdef',
    privileges: [
      { id: 'admin', label: 'Administer' },
      { id: 'reports', label: 'Read reports' },
    ],
    ...options,
  });
  return new RouteRules(new Reflector(), new PrivilegeCatalog(resolved), resolved);
}

class BaseController {
  @Get('thing')
  thing(): string {
    return 'thing';
  }
}

@Public()
@Controller('public')
class PublicTwin extends BaseController {}

@RequirePrivilege(id('admin'))
@Controller('admin')
class AdminTwin extends BaseController {}

@RequirePrivilege(id('admin'))
@Controller('both')
class ClassAndMethod {
  @RequirePrivilege(id('reports'), id('admin'))
  @Get('both')
  both(): void {}

  @Get('class-only')
  classOnly(): void {}
}

@Controller('methods')
class MethodsOnly {
  @RequirePrivilege(id('reports'))
  @Get('reports')
  reports(): void {}

  @Get('nothing')
  nothing(): void {}

  @AppPublic()
  @Get('app-public')
  appPublic(): void {}

  @SetMetadata(SYMBOL_KEY, true)
  @Get('symbol-public')
  symbolPublic(): void {}

  @AuthChallenge('Basic realm="method"')
  @Get('challenged')
  challenged(): void {}
}

@AuthChallenge('Basic realm="class"')
@Controller('challenged')
class ChallengedClass {
  @Get('a')
  a(): void {}

  @AuthChallenge('Basic realm="method"')
  @Get('b')
  b(): void {}
}

describe('RouteRules', () => {
  it('keeps one rule per controller and handler: an inherited handler is public in one class, admin-only in the other', () => {
    const handler = BaseController.prototype.thing;
    for (const order of [
      [PublicTwin, AdminTwin],
      [AdminTwin, PublicTwin],
    ]) {
      const rules = rulesWith();
      const seen = order.map((controller) => rules.of(controller, handler));
      const byClass = new Map(order.map((controller, i) => [controller, seen[i]]));
      expect(byClass.get(PublicTwin)).toMatchObject({ isPublic: true, required: [] });
      expect(byClass.get(AdminTwin)).toMatchObject({ isPublic: false, required: ['admin'] });
    }
  });

  it('adds class-level and method-level privileges up, once each', () => {
    const rules = rulesWith();
    expect(rules.of(ClassAndMethod, ClassAndMethod.prototype.both).required).toEqual(['reports', 'admin']);
    expect(rules.of(ClassAndMethod, ClassAndMethod.prototype.classOnly).required).toEqual(['admin']);
    expect(rules.of(MethodsOnly, MethodsOnly.prototype.reports).required).toEqual(['reports']);
    expect(rules.of(MethodsOnly, MethodsOnly.prototype.nothing)).toMatchObject({ isPublic: false, required: [] });
  });

  it('caches the rule object per route (no work per request)', () => {
    const rules = rulesWith();
    expect(rules.of(MethodsOnly, MethodsOnly.prototype.reports)).toBe(rules.of(MethodsOnly, MethodsOnly.prototype.reports));
  });

  it("honours the app's own public markers only when named in publicMetadataKeys", () => {
    const plain = rulesWith();
    expect(plain.of(MethodsOnly, MethodsOnly.prototype.appPublic).isPublic).toBe(false);
    const withKeys = rulesWith({ publicMetadataKeys: [IS_PUBLIC_KEY, SYMBOL_KEY] });
    expect(withKeys.of(MethodsOnly, MethodsOnly.prototype.appPublic).isPublic).toBe(true);
    expect(withKeys.of(MethodsOnly, MethodsOnly.prototype.symbolPublic).isPublic).toBe(true);
    expect(withKeys.of(MethodsOnly, MethodsOnly.prototype.reports).isPublic).toBe(false);
  });

  it('reads the challenge of the handler, else of the class, else the option', () => {
    const rules = rulesWith({ challenge: 'cpanel realm="default"' });
    expect(rules.of(ChallengedClass, ChallengedClass.prototype.a).challenge).toBe('Basic realm="class"');
    expect(rules.of(ChallengedClass, ChallengedClass.prototype.b).challenge).toBe('Basic realm="method"');
    expect(rules.of(MethodsOnly, MethodsOnly.prototype.challenged).challenge).toBe('Basic realm="method"');
    expect(rules.of(MethodsOnly, MethodsOnly.prototype.nothing).challenge).toBe('cpanel realm="default"');
  });

  describe('Basic and the cross-site check', () => {
    @AcceptBasicAuth()
    class BasicClass {
      @Get('a')
      a(): void {}

      @Public()
      @AllowCrossSite()
      @Get('open')
      open(): void {}
    }
    class Mixed {
      @AcceptBasicAuth()
      @Get('basic')
      basic(): void {}

      @AllowCrossSite()
      @Get('any-site')
      anySite(): void {}

      @Get('plain')
      plain(): void {}
    }

    it('reads @AcceptBasicAuth() and @AllowCrossSite() on the handler or its class, over the module’s defaults', () => {
      const rules = rulesWith();
      expect(rules.of(BasicClass, BasicClass.prototype.a)).toMatchObject({ acceptBasic: true, refuseCrossSite: true });
      expect(rules.of(Mixed, Mixed.prototype.basic)).toMatchObject({ acceptBasic: true, refuseCrossSite: true });
      expect(rules.of(Mixed, Mixed.prototype.anySite)).toMatchObject({ acceptBasic: false, refuseCrossSite: false });
      expect(rules.of(Mixed, Mixed.prototype.plain)).toMatchObject({ acceptBasic: false, refuseCrossSite: true });
      expect(rulesWith({ acceptBasicAuth: true }).of(Mixed, Mixed.prototype.plain)).toMatchObject({ acceptBasic: true, refuseCrossSite: true });
      expect(rulesWith({ crossSite: false }).of(Mixed, Mixed.prototype.plain)).toMatchObject({ refuseCrossSite: false });
    });

    it('is frozen: the same object goes on every request of the route', () => {
      const rule = rulesWith().of(Mixed, Mixed.prototype.basic);
      expect(Object.isFrozen(rule)).toBe(true);
      expect(Object.isFrozen(rule.required)).toBe(true);
    });

    it('refuses a route that reads Basic and serves every site, naming it (a browser attaches cached Basic by itself)', () => {
      class BasicEverywhere {
        @AcceptBasicAuth()
        @AllowCrossSite()
        @Get()
        both(): void {}
      }
      expect(() => rulesWith().of(BasicEverywhere, BasicEverywhere.prototype.both)).toThrow(RouteRuleError);
      expect(() => rulesWith().of(BasicEverywhere, BasicEverywhere.prototype.both)).toThrow(/BasicEverywhere\.both accepts HTTP Basic \(@AcceptBasicAuth\(\)\)/);
      expect(() => rulesWith({ acceptBasicAuth: true }).of(Mixed, Mixed.prototype.anySite)).toThrow(/Mixed\.anySite accepts HTTP Basic \(acceptBasicAuth: true\)/);
      // Nothing to forge where nothing is authenticated, or where the protection is off.
      expect(() => rulesWith().of(BasicClass, BasicClass.prototype.open)).not.toThrow();
      expect(() => rulesWith({ crossSite: false }).of(BasicEverywhere, BasicEverywhere.prototype.both)).not.toThrow();
    });
  });

  describe('refuses contradictions, naming the route', () => {
    class MethodBoth {
      @Public()
      @RequirePrivilege(id('admin'))
      @Get()
      both(): void {}
    }
    @Public()
    class PublicClassPrivilegedMethod {
      @RequirePrivilege(id('admin'))
      @Get()
      guarded(): void {}
    }
    @RequirePrivilege(id('admin'))
    class PrivilegedClassPublicMethod {
      @Public()
      @Get()
      open(): void {}
    }
    @RequirePrivilege(id('admin'))
    class PrivilegedBase {
      @Get()
      inherited(): void {}
    }
    @Public()
    class PublicChild extends PrivilegedBase {}
    class AppMarkerAndPrivilege {
      @AppPublic()
      @RequirePrivilege(id('reports'))
      @Get()
      marked(): void {}
    }

    it.each([
      ['@Public() and @RequirePrivilege on one method', MethodBoth, MethodBoth.prototype.both, 'MethodBoth.both'],
      ['@Public() on the class, @RequirePrivilege on the method', PublicClassPrivilegedMethod, PublicClassPrivilegedMethod.prototype.guarded, 'PublicClassPrivilegedMethod.guarded'],
      ['@RequirePrivilege on the class, @Public() on the method', PrivilegedClassPublicMethod, PrivilegedClassPublicMethod.prototype.open, 'PrivilegedClassPublicMethod.open'],
      ['@Public() on a subclass of a @RequirePrivilege class', PublicChild, PrivilegedBase.prototype.inherited, 'PublicChild.inherited'],
    ])('%s', (_name, controller, handler, where) => {
      expect(() => rulesWith().of(controller, handler)).toThrow(RouteRuleError);
      expect(() => rulesWith().of(controller, handler)).toThrow(`${where} is public`);
    });

    it("the app's own public marker with @RequirePrivilege", () => {
      expect(() => rulesWith().of(AppMarkerAndPrivilege, AppMarkerAndPrivilege.prototype.marked)).not.toThrow();
      expect(() => rulesWith({ publicMetadataKeys: [IS_PUBLIC_KEY] }).of(AppMarkerAndPrivilege, AppMarkerAndPrivilege.prototype.marked)).toThrow(
        'AppMarkerAndPrivilege.marked is public',
      );
    });
  });

  it('refuses a privilege id the module does not declare, naming route and id', () => {
    class Typo {
      @RequirePrivilege(id('reprots'))
      @Get()
      list(): void {}
    }
    expect(() => rulesWith().of(Typo, Typo.prototype.list)).toThrow(/Typo\.list requires “reprots”, which TokensModule does not declare \(declared: admin, reports, apitokens\)/);
  });
});
