import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Manage2Params } from './manage2-params.js';
import { manage2RequestOf } from './manage2-request.js';

/** The script's parameters, as Manage2RequestMiddleware parsed them (`&` or `;`, query and form). */
export const Manage2Input = createParamDecorator((_data: unknown, ctx: ExecutionContext): Manage2Params => {
  return manage2RequestOf(ctx.switchToHttp().getRequest<object>())?.params ?? Object.freeze({});
});
