import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Public } from '../privileges/public.decorator.js';
import { HttpAuthentication } from './http-authentication.js';

/**
 * Authenticates the request (any of the three credentials) and sets `request.user`; no
 * privilege check. The fast path: the same verification as the Passport strategy, without
 * Passport's per-request machinery. `@Public()` routes pass untouched.
 */
@Injectable()
export class TokenAuthGuard implements CanActivate {
  /** Route metadata never changes after bootstrap: read it once per controller class and handler. */
  private readonly publicRoutes = new WeakMap<object, WeakMap<object, boolean>>();

  constructor(
    private readonly authentication: HttpAuthentication,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.isPublic(context)) return true;
    const principal = this.authentication.resolvePrincipal(context);
    return principal instanceof Promise ? principal.then(() => true) : true;
  }

  private isPublic(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    const controller = context.getClass();
    let perHandler = this.publicRoutes.get(controller);
    if (!perHandler) this.publicRoutes.set(controller, (perHandler = new WeakMap()));
    let open = perHandler.get(handler);
    if (open === undefined) {
      open = this.reflector.getAllAndOverride(Public, [handler, controller]) === true;
      perHandler.set(handler, open);
    }
    return open;
  }
}
