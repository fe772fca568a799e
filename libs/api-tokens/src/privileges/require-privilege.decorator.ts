import { Reflector } from '@nestjs/core';
import type { PrivilegeId } from './privilege-definition.interface.js';

/** The metadata decorator itself: `reflector.getAllAndOverride(RequiredPrivileges, ...)` reads it. */
export const RequiredPrivileges = Reflector.createDecorator<readonly PrivilegeId[]>();

/**
 * Route or controller metadata: the caller must hold every listed privilege.
 * Typed by `PrivilegeIdRegistry` when the application augments it.
 *
 * ```ts
 * @RequirePrivilege('list-licenses')
 * @Get('licenses') list() { ... }
 * ```
 */
export function RequirePrivilege(...ids: [PrivilegeId, ...PrivilegeId[]]): ClassDecorator & MethodDecorator {
  return RequiredPrivileges(ids);
}
