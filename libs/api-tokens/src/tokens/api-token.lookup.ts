// The one statement an API token is looked up with (by its keyed hash), and the record it gives:
// a column the lookup needs is added here, in both.
import { credentialRecord } from '../auth/credential-record.js';
import type { CredentialRecord } from '../auth/credential-record.interface.js';
import { commonRecordFields, jsonArray, rowLayout, type LookupRow, type LookupStatement } from '../auth/driver-lookup.js';
import { IpMatcher } from '../net/ip.js';

export const API_TOKEN_LOOKUP: LookupStatement = {
  ownColumns: ['name', 'full_access', 'allowed_ips'],
  // The current secret, or the previous one of a rolled token (which carries its grace end).
  where: '(t.secret_hash = ? OR t.previous_secret_hash = ?)',
  whereColumns: ['secret_hash', 'previous_secret_hash'],
};
const {
  own: [NAME, FULL_ACCESS, ALLOWED_IPS],
  account: ACCOUNT,
} = rowLayout(API_TOKEN_LOOKUP);

/** The parameters of `API_TOKEN_LOOKUP.where`. */
export const apiTokenLookupParams = (hash: string): unknown[] => [hash, hash];

export function apiTokenRecord(row: LookupRow, hash: string): CredentialRecord {
  const allowedIps = jsonArray(row[ALLOWED_IPS]);
  return credentialRecord(
    { kind: 'api-token', name: String(row[NAME]), fullAccess: Boolean(row[FULL_ACCESS]), ips: allowedIps.length > 0 ? new IpMatcher(allowedIps) : null },
    commonRecordFields(row, hash, ACCOUNT),
  );
}
