// The columns of its own that an API token's lookup reads (after the common ones, driver-lookup.ts),
// and the record they give: a column the lookup needs is added here, in both.
import { credentialRecord } from '../auth/credential-record.js';
import type { CredentialRecord } from '../auth/credential-record.interface.js';
import { commonRecordFields, jsonArray, rowLayout, type LookupRow, type LookupStatement } from '../auth/driver-lookup.js';
import { IpMatcher } from '../net/ip.js';

export const API_TOKEN_LOOKUP: LookupStatement = {
  ownColumns: ['name', 'full_access', 'allowed_ips'],
};
const {
  own: [NAME, FULL_ACCESS, ALLOWED_IPS],
  account: ACCOUNT,
} = rowLayout(API_TOKEN_LOOKUP);

export function apiTokenRecord(row: LookupRow, hash: string): CredentialRecord {
  const allowedIps = jsonArray(row[ALLOWED_IPS]);
  return credentialRecord(
    { kind: 'api-token', name: String(row[NAME]), fullAccess: Boolean(row[FULL_ACCESS]), ips: allowedIps.length > 0 ? new IpMatcher(allowedIps) : null },
    commonRecordFields(row, hash, ACCOUNT),
  );
}
