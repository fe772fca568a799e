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
  constructor(
    private readonly authentication: HttpAuthentication,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride(Public, [context.getHandler(), context.getClass()])) return true;
    await this.authentication.principalFor(context);
    return true;
  }
}
