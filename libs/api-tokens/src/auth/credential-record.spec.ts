// Records are built field by field: every kind, read by either path, has the same fields in the
// same order (one shape for the code that checks them), and nothing of either part is lost.
import { authorizationKeyRecord } from '../authkeys/authorization-key.lookup.js';
import { IpMatcher } from '../net/ip.js';
import { apiTokenRecord } from '../tokens/api-token.lookup.js';
import { credentialRecord } from './credential-record.js';

const HASH = 'a'.repeat(64);
// Rows as the statement reads them: the common columns, the kind's own, then the joined owner.
const common = ['7c9e6679-7425-40de-944b-e07fc1f90ae7', 'alice', '["list"]', '1893456000000', HASH, null, 5, 60];
const owner = ['alice', true, '["list","add"]'];

describe('credentialRecord', () => {
  it('gives a token and a key the same fields in the same order, from a statement row or the ORM', () => {
    const token = apiTokenRecord([...common, 'ci', true, '["192.0.2.0/24"]', ...owner], HASH);
    const key = authorizationKeyRecord([...common, '192.0.2.7', 'billing', ...owner], HASH);
    const fromOrm = credentialRecord(
      { kind: 'api-token', name: 'ci', fullAccess: true, ips: null },
      { id: 'x', owner: 'alice', privileges: [], expiresAtMs: null, graceEndsAtMs: null, rateLimit: null, account: undefined },
    );
    expect(Object.keys(key)).toEqual(Object.keys(token));
    expect(Object.keys(fromOrm)).toEqual(Object.keys(token));
    expect(token).toEqual({
      kind: 'api-token',
      id: common[0],
      owner: 'alice',
      name: 'ci',
      service: undefined,
      fullAccess: true,
      privileges: ['list'],
      expiresAtMs: 1893456000000,
      ips: expect.any(IpMatcher),
      graceEndsAtMs: null,
      rateLimit: { points: 5, windowSeconds: 60 },
      account: { username: 'alice', enabled: true, privileges: ['list', 'add'] },
    });
    expect(key).toMatchObject({ kind: 'authorization-key', name: undefined, service: 'billing', fullAccess: false });
    expect(key.ips?.matchesText('192.0.2.7')).toBe(true);
    expect(key.ips?.matchesText('192.0.2.8')).toBe(false);
  });

  it('reads the previous secret’s grace end, and no owner when the statement did not join one', () => {
    const rolled = apiTokenRecord([...common.slice(0, 4), 'b'.repeat(64), '1893456000000', null, null, 'ci', false, '[]'], HASH);
    expect(rolled).toMatchObject({ graceEndsAtMs: 1893456000000, rateLimit: null, ips: null, account: undefined, fullAccess: false });
  });
});
