// The one statement an API token is looked up with (by its keyed hash), and the record it gives:
// a column the lookup needs is added here, in both.
import type { CredentialRecord } from '../auth/credential-record.interface.js';
import { commonRecordFields, jsonArray, type LookupRow, type LookupStatement } from '../auth/driver-lookup.js';
import { IpMatcher } from '../net/ip.js';

export const API_TOKEN_LOOKUP: LookupStatement = {
  columns:
    't.id AS id, t.owner AS owner, t.name AS name, t.full_access AS full_access, t.privileges AS privileges, t.allowed_ips AS allowed_ips, t.expires_at AS expires_at, ' +
    't.secret_hash AS secret_hash, t.previous_valid_until AS previous_valid_until, t.rate_limit_points AS rate_limit_points, t.rate_limit_window_seconds AS rate_limit_window_seconds',
  // The current secret, or the previous one of a rolled token (which carries its grace end).
  where: '(t.secret_hash = ? OR t.previous_secret_hash = ?)',
  uses: ['id', 'owner', 'name', 'full_access', 'privileges', 'allowed_ips', 'expires_at', 'secret_hash', 'previous_secret_hash', 'previous_valid_until', 'rate_limit_points', 'rate_limit_window_seconds'],
};

/** The parameters of `API_TOKEN_LOOKUP.where`. */
export const apiTokenLookupParams = (hash: string): unknown[] => [hash, hash];

export function apiTokenRecord(row: LookupRow, hash: string): CredentialRecord {
  const allowedIps = jsonArray(row.allowed_ips);
  return {
    ...commonRecordFields(row, hash),
    kind: 'api-token',
    name: String(row.name),
    fullAccess: Boolean(row.full_access),
    ips: allowedIps.length > 0 ? new IpMatcher(allowedIps) : null,
  };
}
