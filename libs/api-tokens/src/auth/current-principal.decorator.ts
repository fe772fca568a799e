import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal.interface.js';

/** Injects the authenticated `Principal` (`request.user`). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<{ user?: Principal }>().user;
});
