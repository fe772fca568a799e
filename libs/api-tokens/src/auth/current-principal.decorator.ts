import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal.interface.js';
import { principalOf } from './request-principal.js';

/**
 * Injects the request's `Principal`: the one the library's guards or strategy authenticated, or
 * the app's mapping of another guard's user (`principalMapper`). Never another guard's raw
 * `request.user`, whatever its shape; `undefined` on a route nothing authenticated.
 */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | undefined => {
  return principalOf(ctx.switchToHttp().getRequest<object>());
});
