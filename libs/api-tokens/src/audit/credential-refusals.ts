// The recent refusals of one credential, for its owner: when, from where and why, read from the
// refusal entries of the audit log (the caller itself only ever got the uniform 401).
import type { RefusalReason } from '../auth/refusal-reason.js';
import { REFUSAL_REASONS } from '../auth/refusal-reason.js';
import type { AuditLogService } from './audit-log.service.js';

/** One refused use of a credential, as its owner sees it. */
export interface CredentialRefusal {
  readonly at: Date;
  readonly reason: RefusalReason;
  /** The client address, or null when there was none. */
  readonly ip: string | null;
}

/** At most this many refusals are returned (the newest). */
export const MAX_RECENT_REFUSALS = 100;

/** The refusals audited for credential `id` (an id the caller resolved within its owner's), newest first. */
export async function recentRefusals(audit: AuditLogService, id: string, limit: number = 20): Promise<CredentialRefusal[]> {
  const size = Number.isInteger(limit) && limit > 0 ? Math.min(limit, MAX_RECENT_REFUSALS) : 20;
  const page = await audit.query({ action: 'auth.*', outcome: 'failure', credentialId: id, pageSize: size });
  const refusals: CredentialRefusal[] = [];
  for (const entry of page.items) {
    const code = entry.details.code;
    // Refused authentications carry a reason code; other failures about the credential (a 403
    // for a missing privilege) are not refusals of the credential itself.
    if (typeof code !== 'string' || !(REFUSAL_REASONS as readonly string[]).includes(code)) continue;
    refusals.push({ at: entry.at, reason: code as RefusalReason, ip: entry.ip });
  }
  return refusals;
}
