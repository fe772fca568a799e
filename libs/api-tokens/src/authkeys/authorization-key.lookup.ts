// The one statement an authorization key is looked up with (by its keyed hash), and the record it
// gives: a column the lookup needs is added here, in both.
import { credentialRecord } from '../auth/credential-record.js';
import type { CredentialRecord } from '../auth/credential-record.interface.js';
import { commonRecordFields, rowLayout, type LookupRow, type LookupStatement } from '../auth/driver-lookup.js';
import { IpMatcher } from '../net/ip.js';

export const AUTHORIZATION_KEY_LOOKUP: LookupStatement = {
  ownColumns: ['ip', 'service'],
  // The current secret, or the previous one of a rolled key (which carries its grace end).
  where: '(t.secret_hash = ? OR t.previous_secret_hash = ?)',
  whereColumns: ['secret_hash', 'previous_secret_hash'],
};
const {
  own: [IP, SERVICE],
  account: ACCOUNT,
} = rowLayout(AUTHORIZATION_KEY_LOOKUP);

/** The parameters of `AUTHORIZATION_KEY_LOOKUP.where`. */
export const authorizationKeyLookupParams = (hash: string): unknown[] => [hash, hash];

export function authorizationKeyRecord(row: LookupRow, hash: string): CredentialRecord {
  return credentialRecord({ kind: 'authorization-key', service: String(row[SERVICE]), fullAccess: false, ips: new IpMatcher([String(row[IP])]) }, commonRecordFields(row, hash, ACCOUNT));
}
