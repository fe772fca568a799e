import { All, applyDecorators } from '@nestjs/common';
import { Public, RequirePrivilege } from 'nestjs-api-tokens';
import type { Manage2Script } from './manage2-scripts.js';

/**
 * Serves a script at `/<path>`, for GET and POST (the middleware refuses other methods), behind
 * the script's privilege; a script without one is public.
 */
export function Manage2Route(script: Manage2Script): MethodDecorator {
  return applyDecorators(All(script.path), script.privilege === null ? Public() : RequirePrivilege(script.privilege));
}
