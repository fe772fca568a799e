// The license rules' audit actions, recorded through the token library's audit log
// (`@Audited`; declared to the library's registry in license-audit-actions.ts), and what a
// refusal adds to an entry.
import type { AuditAction } from 'nestjs-api-tokens';
import { PanelError } from '../common/panel.error.js';

export const LICENSE_AUDIT_ACTIONS = {
  add: 'license.add',
  expire: 'license.expire',
  reactivate: 'license.reactivate',
  transfer: 'license.transfer',
  extend: 'license.extend',
  changePackage: 'license.package',
  changeGroup: 'license.group',
  metadata: 'license.metadata',
  transferRequest: 'license.transfer-request',
  transferCancel: 'license.transfer-cancel',
  transferAccept: 'license.transfer-accept',
  transferReject: 'license.transfer-reject',
  groupAdd: 'group.add',
  groupEdit: 'group.edit',
} as const satisfies Record<string, AuditAction>;

/** A refused change's code and field (never its message: it echoes input). */
export function refusalDetails(error: unknown): Record<string, string> {
  if (!(error instanceof PanelError)) return {};
  return error.field === undefined ? { code: error.code } : { code: error.code, field: error.field };
}
