// The license rules' audit actions, recorded through the token library's audit log
// (`@Audited`), and what a refusal adds to an entry. Once the library's action type is
// extensible by declaration merging, the `declare module 'nestjs-api-tokens'` block for these
// five goes here; until then its open `area.verb` string type accepts them as they are.
import type { AuditAction } from 'nestjs-api-tokens';
import { PanelError } from '../common/panel.error.js';

export const LICENSE_AUDIT_ACTIONS = {
  add: 'license.add',
  expire: 'license.expire',
  reactivate: 'license.reactivate',
  transfer: 'license.transfer',
  extend: 'license.extend',
} as const satisfies Record<string, AuditAction>;

/** A refused change's code and field (never its message: it echoes input). */
export function refusalDetails(error: unknown): Record<string, string> {
  if (!(error instanceof PanelError)) return {};
  return error.field === undefined ? { code: error.code } : { code: error.code, field: error.field };
}
