// The one reader of the library's route metadata (@Public, @RequirePrivilege, @AuthChallenge,
// @AcceptBasicAuth, @AllowCrossSite and the app's own public markers), shared by both guards, the
// 401 challenge, the credential extractor and the cross-site check. A route is a
// controller class AND a handler: a handler inherited by several controllers (the base-controller
// pattern) has one rule per controller, never the rule of whichever was hit first.
import { Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AcceptBasicAuth } from '../auth/accept-basic-auth.decorator.js';
import { AuthChallenge } from '../auth/auth-challenge.decorator.js';
import type { RouteAuthPolicy } from '../auth/route-auth-policy.js';
import { AllowCrossSite } from '../cross-site/allow-cross-site.decorator.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { PrivilegeCatalog } from './privilege-catalog.js';
import { Public } from './public.decorator.js';
import { RequiredPrivileges } from './require-privilege.decorator.js';

/**
 * What the route's metadata says, read once per controller class and handler, frozen. Its
 * authentication part (`challenge`, `acceptBasic`, `refuseCrossSite`) is what the guards put on
 * the request for the extractor and the cross-site check.
 */
export interface RouteRule extends RouteAuthPolicy {
  /** `@Public()` (or one of the app's `publicMetadataKeys`) on the handler or its controller. */
  readonly isPublic: boolean;
  /** Every privilege the caller must hold: the handler's and its controller's, added up. */
  readonly required: readonly string[];
}

/** A route whose metadata contradicts itself or names an undeclared privilege. */
export class RouteRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RouteRuleError';
  }
}

// Function is what Nest's ExecutionContext gives for both the class and the handler.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Target = Function;

@Injectable()
export class RouteRules {
  /** Per controller class, then per handler. Route metadata never changes after bootstrap. */
  private readonly rules = new WeakMap<Target, WeakMap<Target, RouteRule>>();
  private readonly publicKeys: readonly (string | symbol)[];

  constructor(
    private readonly reflector: Reflector,
    private readonly catalog: PrivilegeCatalog,
    @Inject(RESOLVED_TOKENS_OPTIONS) private readonly options: ResolvedTokensOptions,
  ) {
    this.publicKeys = options.publicMetadataKeys;
  }

  /**
   * The rule of a route. Throws `RouteRuleError` for contradictory metadata; every controller is
   * checked at bootstrap (`RouteRulesVerifier`), so a running app never meets one on an HTTP route.
   */
  of(controller: Target, handler: Target): RouteRule {
    let perHandler = this.rules.get(controller);
    if (perHandler === undefined) this.rules.set(controller, (perHandler = new WeakMap()));
    let rule = perHandler.get(handler);
    if (rule === undefined) {
      rule = this.read(controller, handler);
      perHandler.set(handler, rule);
    }
    return rule;
  }

  /** Reads and checks a route's rule without remembering it (the bootstrap scan of every class). */
  verify(controller: Target, handler: Target): void {
    this.read(controller, handler);
  }

  private read(controller: Target, handler: Target): RouteRule {
    const targets = [handler, controller];
    const { isPublic, required } = readAccessMetadata(this.reflector, controller, handler, this.publicKeys);
    const where = `${controller.name || 'anonymous controller'}.${handler.name || 'anonymous handler'}`;
    if (isPublic && required.length > 0) {
      throw new RouteRuleError(
        `${where} is public (@Public() or one of publicMetadataKeys) and requires the privileges ${required.join(', ')}: ` +
          'a public route is never authenticated, so its privileges could not be checked. Remove one of the two ' +
          '(class-level and inherited decorators count).',
      );
    }
    const unknown = required.filter((id) => !this.catalog.has(id));
    if (unknown.length > 0) {
      throw new RouteRuleError(
        `${where} requires ${unknown.map((id) => `“${id}”`).join(', ')}, which TokensModule does not declare ` +
          `(declared: ${this.catalog.ids().join(', ')}). Add it to the \`privileges\` option or fix the decorator.`,
      );
    }
    const challenge = this.reflector.getAllAndOverride(AuthChallenge, targets) ?? this.options.challenge;
    const acceptBasic = this.options.acceptBasicAuth || this.reflector.getAllAndOverride(AcceptBasicAuth, targets) === true;
    const refuseCrossSite = this.options.crossSite !== null && this.reflector.getAllAndOverride(AllowCrossSite, targets) !== true;
    if (!isPublic && acceptBasic && this.options.crossSite !== null && !refuseCrossSite) {
      // A browser attaches cached Basic credentials by itself, also to requests other sites' pages
      // make it send: serving those to any site is a cross-site request forgery waiting to happen.
      throw new RouteRuleError(
        `${where} accepts HTTP Basic (${this.options.acceptBasicAuth ? 'acceptBasicAuth: true' : '@AcceptBasicAuth()'}) and serves every site ` +
          '(@AllowCrossSite()): any page could act with the Basic credentials a visitor’s browser holds. Remove one of the two, ' +
          'or list the calling sites in crossSite.allowedOrigins instead of @AllowCrossSite().',
      );
    }
    return Object.freeze({ isPublic, required: Object.freeze(required), challenge, acceptBasic, refuseCrossSite });
  }
}

/**
 * The access part of a route's metadata: public (`@Public()` or one of `publicKeys`, on the
 * handler or its controller), and the privileges it requires — handler and class rules add up:
 * a method under a class-level `@RequirePrivilege('admin')` needs 'admin' as well as its own
 * (getAllAndMerge concatenates the two lists). Unchecked: `RouteRules` checks it.
 */
export function readAccessMetadata(
  reflector: Reflector,
  controller: Target,
  handler: Target,
  publicKeys: readonly (string | symbol)[],
): { isPublic: boolean; required: string[] } {
  const targets = [handler, controller];
  const isPublic = reflector.getAllAndOverride(Public, targets) === true || publicKeys.some((key) => Boolean(reflector.getAllAndOverride(key, targets)));
  const merged: unknown = reflector.getAllAndMerge(RequiredPrivileges, targets);
  return { isPublic, required: [...new Set(Array.isArray(merged) ? (merged as string[]) : [])] };
}
