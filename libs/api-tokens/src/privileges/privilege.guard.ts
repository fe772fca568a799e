// Where privileges are decided. Usable per route (`@UseGuards(PrivilegeGuard)`) or globally
// (`APP_GUARD`); authenticates the request itself when no earlier guard did.
import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HttpAuthentication } from '../auth/http-authentication.js';
import type { Principal } from '../auth/principal.interface.js';
import { PrivilegeCatalog } from './privilege-catalog.js';
import { Public } from './public.decorator.js';
import { RequiredPrivileges } from './require-privilege.decorator.js';

interface RouteRule {
  readonly isPublic: boolean;
  readonly required: readonly string[];
}

@Injectable()
export class PrivilegeGuard implements CanActivate {
  /** Route metadata never changes after bootstrap: read it once per handler. */
  private readonly rules = new WeakMap<object, RouteRule>();

  constructor(
    private readonly authentication: HttpAuthentication,
    private readonly reflector: Reflector,
    private readonly catalog: PrivilegeCatalog,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const rule = this.ruleFor(context);
    if (rule.isPublic) return true;
    // Synchronous when the credential is cached: Nest then skips the await on the guard.
    const principal = this.authentication.resolvePrincipal(context);
    if (principal instanceof Promise) return principal.then((p) => this.allowed(p, rule.required));
    return this.allowed(principal, rule.required);
  }

  private allowed(principal: Principal, required: readonly string[]): true {
    this.assertAllowed(principal, required);
    return true;
  }

  /**
   * The decision itself, usable without HTTP: a route without required privileges is open to
   * unrestricted credentials only; otherwise every required privilege must be effective.
   */
  assertAllowed(principal: Principal, required: readonly string[]): void {
    if (required.length === 0) {
      if (principal.fullAccess) return;
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: 'This route requires an unrestricted (full access) credential.',
      });
    }
    for (const id of required) {
      if (!(principal.privileges as readonly string[]).includes(id)) {
        throw new ForbiddenException({
          statusCode: 403,
          error: 'Forbidden',
          message: `This credential lacks the privilege “${this.catalog.label(id)}”.`,
          privilege: id,
        });
      }
    }
  }

  private ruleFor(context: ExecutionContext): RouteRule {
    const handler = context.getHandler();
    let rule = this.rules.get(handler);
    if (!rule) {
      const targets = [handler, context.getClass()];
      rule = {
        isPublic: this.reflector.getAllAndOverride(Public, targets) === true,
        required: this.reflector.getAllAndOverride(RequiredPrivileges, targets) ?? [],
      };
      this.rules.set(handler, rule);
    }
    return rule;
  }
}
