// The columns of its own that an authorization key's lookup reads (after the common ones, driver-lookup.ts),
// and the record they give: a column the lookup needs is added here, in both.
import { credentialRecord } from '../auth/credential-record.js';
import type { CredentialRecord } from '../auth/credential-record.interface.js';
import { commonRecordFields, rowLayout, type LookupRow, type LookupStatement } from '../auth/driver-lookup.js';
import { IpMatcher } from '../net/ip.js';

export const AUTHORIZATION_KEY_LOOKUP: LookupStatement = {
  ownColumns: ['ip', 'service'],
};
const {
  own: [IP, SERVICE],
  account: ACCOUNT,
} = rowLayout(AUTHORIZATION_KEY_LOOKUP);

export function authorizationKeyRecord(row: LookupRow, hash: string): CredentialRecord {
  return credentialRecord({ kind: 'authorization-key', service: String(row[SERVICE]), fullAccess: false, ips: new IpMatcher([String(row[IP])]) }, commonRecordFields(row, hash, ACCOUNT));
}
