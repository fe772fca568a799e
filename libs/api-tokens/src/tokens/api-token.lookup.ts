// The one statement an API token is looked up with (by its keyed hash), and the record it gives:
// a column the lookup needs is added here, in both.
import type { CredentialRecord } from '../auth/credential-record.interface.js';
import { commonRecordFields, jsonArray, type LookupRow, type LookupStatement } from '../auth/driver-lookup.js';
import { IpMatcher } from '../net/ip.js';

export const API_TOKEN_LOOKUP: LookupStatement = {
  columns: 't.id AS id, t.owner AS owner, t.name AS name, t.full_access AS full_access, t.privileges AS privileges, t.allowed_ips AS allowed_ips, t.expires_at AS expires_at',
  where: 't.secret_hash = ?',
  uses: ['id', 'owner', 'name', 'full_access', 'privileges', 'allowed_ips', 'expires_at', 'secret_hash'],
};

/** The parameters of `API_TOKEN_LOOKUP.where`. */
export const apiTokenLookupParams = (hash: string): unknown[] => [hash];

export function apiTokenRecord(row: LookupRow): CredentialRecord {
  const allowedIps = jsonArray(row.allowed_ips);
  return {
    ...commonRecordFields(row),
    kind: 'api-token',
    name: String(row.name),
    fullAccess: Boolean(row.full_access),
    ips: allowedIps.length > 0 ? new IpMatcher(allowedIps) : null,
  };
}
