// The privilege decision itself, without DI: PrivilegeGuard and the testing stand-in
// (`authenticateAs`) decide the same way.
import { ForbiddenException } from '@nestjs/common';
import type { Principal } from '../auth/principal.interface.js';

/**
 * A route without required privileges is open to unrestricted credentials only; otherwise every
 * required privilege must be effective.
 * @param label how a privilege is named in the message (the catalog's label)
 * @throws ForbiddenException (403) naming the first missing privilege
 */
export function assertPrivileges(principal: Principal, required: readonly string[], label: (id: string) => string = (id) => id): void {
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
        message: `This credential lacks the privilege “${label(id)}”.`,
        privilege: id,
      });
    }
  }
}
