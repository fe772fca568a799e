// The class decorators every guarded REST controller shares: its OpenAPI tag, the library's
// `@ApiTokenAuth` (the `cpanel` security requirement, the documented 401, 403, 429 and 503), the
// 400, and, when one privilege guards every route of the class, @RequirePrivilege. Routes may
// still require more.
import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiTags } from '@nestjs/swagger';
import { RequirePrivilege, type PrivilegeId } from 'nestjs-api-tokens';
import { ApiTokenAuth } from 'nestjs-api-tokens/swagger';

export interface GuardedApiOptions {
  readonly tag: string;
  /** The privilege every route of the class requires; null when each route says its own. */
  readonly privilege: PrivilegeId | null;
  /** When the 403 happens, in the caller's words. */
  readonly forbidden: string;
  /** When a 400 happens (bodies that can be refused), with the response shape if there is one. */
  readonly badRequest?: { readonly description: string; readonly type?: new () => object };
}

export function GuardedApi(options: GuardedApiOptions): ClassDecorator {
  return applyDecorators(
    ApiTags(options.tag),
    ApiTokenAuth({ schemes: ['cpanel', 'whm'], forbidden: options.forbidden }),
    ...(options.badRequest ? [ApiBadRequestResponse(options.badRequest)] : []),
    ...(options.privilege === null ? [] : [RequirePrivilege(options.privilege)]),
  );
}
