// The one statement an authorization key is looked up with (by its keyed hash), and the record it
// gives: a column the lookup needs is added here, in both.
import type { CredentialRecord } from '../auth/credential-record.interface.js';
import { commonRecordFields, type LookupRow, type LookupStatement } from '../auth/driver-lookup.js';
import { IpMatcher } from '../net/ip.js';

export const AUTHORIZATION_KEY_LOOKUP: LookupStatement = {
  columns:
    't.id AS id, t.owner AS owner, t.ip AS ip, t.service AS service, t.privileges AS privileges, t.expires_at AS expires_at, ' +
    't.secret_hash AS secret_hash, t.previous_valid_until AS previous_valid_until, t.rate_limit_points AS rate_limit_points, t.rate_limit_window_seconds AS rate_limit_window_seconds',
  // The current secret, or the previous one of a rolled key (which carries its grace end).
  where: '(t.secret_hash = ? OR t.previous_secret_hash = ?)',
  uses: ['id', 'owner', 'ip', 'service', 'privileges', 'expires_at', 'secret_hash', 'previous_secret_hash', 'previous_valid_until', 'rate_limit_points', 'rate_limit_window_seconds'],
};

/** The parameters of `AUTHORIZATION_KEY_LOOKUP.where`. */
export const authorizationKeyLookupParams = (hash: string): unknown[] => [hash, hash];

export function authorizationKeyRecord(row: LookupRow, hash: string): CredentialRecord {
  return { ...commonRecordFields(row, hash), kind: 'authorization-key', service: String(row.service), fullAccess: false, ips: new IpMatcher([String(row.ip)]) };
}
