// What an update of a token changes — whether it makes the token more usable (then the actor must
// be able to grant it) and which fields it named (for the audit log) — and a token's status.
import { expiryWithin, rangesWithin } from '../access/credential-binding.js';
import { rateLimitOf, rateLimitWithin } from '../rate-limits/credential-rate-limit.js';
import type { ApiTokenEntity } from './api-token.entity.js';
import type { ApiTokenStatus, UpdateApiTokenInput } from './api-token.types.js';

/** The field through which an update makes a token more usable, or null when it only narrows or renames it. */
export function wideningField(before: ApiTokenEntity, after: ApiTokenEntity): string | null {
  const gains = after.fullAccess ? !before.fullAccess : !before.fullAccess && after.privileges.some((p) => !before.privileges.includes(p));
  if (gains) return 'privileges';
  const ranges = (row: ApiTokenEntity): readonly string[] | null => (row.allowedIps.length > 0 ? row.allowedIps : null);
  if (!rangesWithin(ranges(after), ranges(before))) return 'allowedIps';
  if (!expiryWithin(after.expiresAt, before.expiresAt)) return 'expiresAt';
  if (!rateLimitWithin(rateLimitOf(after.rateLimitPoints, after.rateLimitWindowSeconds), rateLimitOf(before.rateLimitPoints, before.rateLimitWindowSeconds))) {
    return 'rateLimit';
  }
  return null;
}

/** Which fields an update asked to change (for the audit log: names only). */
export function updatedFields(changes: UpdateApiTokenInput): string[] {
  return (['newName', 'privileges', 'allowedIps', 'expiresAt', 'rateLimit'] as const).filter((field) => changes[field] !== undefined);
}

/** A token's status at `now`: expired, expiring within `soonMs`, or active. */
export function tokenStatus(expiresAt: Date | null, now: Date, soonMs: number): ApiTokenStatus {
  if (expiresAt === null) return 'active';
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left <= soonMs ? 'expiring_soon' : 'active';
}
