// Every face of the demo, as a table for hostile-input tests: how a request is built from field
// values, and which fields it takes. Adding a face (or a field) to the fuzzing is one entry here.
import fc from 'fast-check';
import type { RawRequest, RawResponse } from '../../support/raw-http.js';
import { encodeParams, hostileJson, hostileParam, wellFormed } from './hostile-values.js';

export type Encoding = 'json' | 'query' | 'form';

export interface Face {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The path, or a function of the field values (path parameters, URL-encoded). */
  readonly path: string | ((values: Record<string, unknown>) => string);
  readonly encoding: Encoding;
  /** Each field's generator: hostile values, legitimate ones, and absence. */
  readonly fields: Readonly<Record<string, fc.Arbitrary<unknown>>>;
  /** Share of the runs this face gets (lower for deliberately slow work, like passphrase hashing). */
  readonly weight?: number;
  /** Answers without a credential (registration). */
  readonly isPublic?: boolean;
}

/** A field: mostly hostile, sometimes legitimate, sometimes absent. */
function field(encoding: Encoding, legit: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const hostile = encoding === 'json' ? hostileJson : hostileParam;
  return fc.oneof({ weight: 6, arbitrary: hostile }, { weight: 3, arbitrary: legit }, { weight: 1, arbitrary: fc.constant(undefined) });
}

const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,50}$/);
/** Addresses as they are written, and the ones that must be read one way only or refused (zero-padded, with ports, legacy forms). */
const oddAddress = fc.constantFrom('010.000.000.001', '127.000.000.010', '010.001.002.003', '0127.0.0.1', '127.1', '2130706433', '0x7f.0.0.1', '1.2.3.4:80', '[2001:db8::1]:443', '[2001:db8::1]', '::ffff:010.0.0.1', 'fe80::1%eth0');
const ip = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('192.0.2.10', '2001:db8::1'), oddAddress);
const range = fc.oneof(
  ip,
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([a, b]) => `${a}/${b}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([a, b]) => `${a}/${b}`),
  fc.constantFrom('0.0.0.0/0', '::/0', '::ffff:0.0.0.0/96', '010.0.0.0/8', '10.0.0.0/08', '10.0.0.0/7', '2001:db8::/31'),
);
const privileges = fc.subarray(['add', 'secverify', 'expire', 'onetimeext', 'list', 'authkeys', 'transfer', 'reactivate', 'search', 'apitokens'], { minLength: 1 });
const date = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.integer({ min: -1, max: 2 ** 40 }),
  fc.constantFrom('default', 'never', '2026-02-30', '2099-12-31'),
);
const id = fc.oneof(fc.integer({ min: 1, max: 50 }).map(String), fc.integer({ min: 1, max: 50 }).map((n) => `L${n}`));
const flag = fc.constantFrom('1', '0', 'true', 'yes', '');
const bool = fc.boolean();
const packageId = fc.integer({ min: 0, max: 6 });
/** A group as the faces take it: an id with or without its G, or a name. */
const groupRef = fc.oneof(fc.integer({ min: 0, max: 8 }).map(String), fc.integer({ min: 0, max: 8 }).map((n) => `G${n}`), fc.constantFrom('Default', 'staging', 'Nowhere'));
/** WHM ACL names, real and not. */
const acl = fc.constantFrom('all', 'list-licenses', 'add-license', 'manage-api-tokens', 'list', 'root', '');
const output = fc.constantFrom('json', 'JSON', 'xml', 'yaml');

function faces(): Face[] {
  const j = (legit: fc.Arbitrary<unknown>) => field('json', legit);
  const q = (legit: fc.Arbitrary<unknown>) => field('query', legit);
  const enc = (v: unknown) => encodeURIComponent(wellFormed(typeof v === 'string' ? v : JSON.stringify(v) ?? ''));
  return [
    // REST: tokens
    { name: 'REST create token', method: 'POST', path: '/api/tokens', encoding: 'json', fields: { name: j(name), expiresAt: j(date), privileges: j(privileges), allowedIps: j(fc.array(range, { maxLength: 3 })), allowWideRanges: j(bool) } },
    { name: 'REST rename token', method: 'PATCH', path: (v) => `/api/tokens/${enc(v.path)}`, encoding: 'json', fields: { path: q(name), newName: j(name) } },
    { name: 'REST revoke tokens', method: 'POST', path: '/api/tokens/revoke', encoding: 'json', fields: { names: j(fc.array(name, { maxLength: 3 })) } },
    { name: 'REST delete token', method: 'DELETE', path: (v) => `/api/tokens/${enc(v.path)}`, encoding: 'query', fields: { path: q(name) } },
    { name: 'REST list tokens', method: 'GET', path: '/api/tokens', encoding: 'query', fields: { page: q(fc.nat().map(String)), pageSize: q(fc.nat().map(String)), sort: q(fc.constantFrom('name', 'created', 'expires')), order: q(fc.constantFrom('asc', 'desc')) } },
    // REST: audit
    { name: 'REST audit', method: 'GET', path: '/api/audit', encoding: 'query', fields: { actor: q(name), action: q(fc.constantFrom('token.*', 'auth.authenticate')), outcome: q(fc.constantFrom('success', 'failure')), from: q(date.map(String)), to: q(date.map(String)), page: q(fc.nat().map(String)) } },
    // REST: licenses
    { name: 'REST add license', method: 'POST', path: '/api/licenses', encoding: 'json', fields: { ip: j(ip), packageId: j(packageId), groupId: j(packageId), hostname: j(fc.domain()), force: j(bool), reactivateOk: j(bool), dryrun: j(bool) } },
    { name: 'REST expire license', method: 'POST', path: (v) => `/api/licenses/${enc(v.path)}/expire`, encoding: 'json', fields: { path: q(id), reason: j(fc.string()), code: j(fc.constantFrom('normal', 'fraud', 'other')), dryrun: j(bool) } },
    { name: 'REST reactivate license', method: 'POST', path: (v) => `/api/licenses/${enc(v.path)}/reactivate`, encoding: 'json', fields: { path: q(id), force: j(bool), dryrun: j(bool) } },
    { name: 'REST transfer license', method: 'POST', path: '/api/licenses/transfer', encoding: 'json', fields: { oldIp: j(ip), newIp: j(ip), packageId: j(packageId), force: j(bool), dryrun: j(bool) } },
    { name: 'REST extend updates', method: 'POST', path: '/api/licenses/extend-updates', encoding: 'json', fields: { ip: j(ip), packageId: j(packageId), dryrun: j(bool) } },
    { name: 'REST search licenses', method: 'GET', path: '/api/licenses/search', encoding: 'query', fields: { ip: q(ip), packageId: q(packageId.map(String)), includeExpired: q(flag) } },
    { name: 'REST list licenses', method: 'GET', path: '/api/licenses', encoding: 'query', fields: { expired: q(flag), groupId: q(packageId.map(String)), packageId: q(packageId.map(String)) } },
    { name: 'REST verify', method: 'GET', path: '/api/licenses/verify', encoding: 'query', fields: { ip: q(ip), licenseId: q(id) } },
    // REST: groups and transfer requests
    { name: 'REST add group', method: 'POST', path: '/api/groups', encoding: 'json', fields: { name: j(fc.string({ maxLength: 60 })), taxable: j(bool) } },
    { name: 'REST edit group', method: 'PATCH', path: (v) => `/api/groups/${enc(v.path)}`, encoding: 'json', fields: { path: q(groupRef), name: j(fc.string({ maxLength: 60 })), taxable: j(bool) } },
    { name: 'REST request transfer', method: 'POST', path: '/api/transfer-requests', encoding: 'json', fields: { ip: j(ip), packageId: j(packageId), groupId: j(packageId) } },
    { name: 'REST answer transfer', method: 'POST', path: (v) => `/api/transfer-requests/${enc(v.path)}/${enc(v.verb ?? 'accept')}`, encoding: 'json', fields: { path: q(fc.oneof(fc.nat().map(String), fc.string())), verb: q(fc.constantFrom('accept', 'reject', 'cancel')) } },
    // REST: keys and passphrases
    { name: 'REST create key', method: 'POST', path: '/api/authkeys', encoding: 'json', fields: { ip: j(range), service: j(name), privileges: j(privileges), expiresAt: j(date), allowWideRanges: j(bool) } },
    { name: 'REST modify keys', method: 'POST', path: '/api/authkeys/modifications', encoding: 'json', fields: { modifications: j(fc.array(fc.record({ id: fc.uuid(), privileges, remove: bool }), { maxLength: 3 })) } },
    { name: 'REST delete key', method: 'DELETE', path: (v) => `/api/authkeys/${enc(v.path)}`, encoding: 'query', fields: { path: q(fc.uuid()) } },
    { name: 'REST create passphrase', method: 'POST', path: '/api/passphrases', encoding: 'json', fields: { passphrase: j(fc.string({ minLength: 1, maxLength: 20 })), privileges: j(privileges), allowedIps: j(fc.array(range, { maxLength: 2 })), expiresAt: j(date) }, weight: 0.1 },
    { name: 'REST register key', method: 'POST', path: '/api/authkeys/register', encoding: 'json', fields: { user: j(fc.constantFrom('admin', 'alice', 'nobody')), pickup: j(fc.string()), service: j(name) }, weight: 0.2, isPublic: true },
    // UAPI
    { name: 'UAPI create_full_access', method: 'GET', path: '/execute/Tokens/create_full_access', encoding: 'query', fields: { name: q(name), expires_at: q(date.map(String)) } },
    { name: 'UAPI create_limited', method: 'POST', path: '/execute/Tokens/create_limited', encoding: 'form', fields: { name: q(name), expires_at: q(date.map(String)), features: q(privileges.map((p) => p.join(','))) } },
    { name: 'UAPI rename', method: 'POST', path: '/execute/Tokens/rename', encoding: 'form', fields: { name: q(name), new_name: q(name) } },
    { name: 'UAPI revoke', method: 'GET', path: '/execute/Tokens/revoke', encoding: 'query', fields: { name: q(name) } },
    { name: 'UAPI unknown function', method: 'GET', path: (v) => `/execute/Tokens/${enc(v.path)}`, encoding: 'query', fields: { path: q(fc.constantFrom('list', 'nope')) } },
    // Manage2
    { name: 'Manage2 XMLlicenseAdd', method: 'POST', path: '/XMLlicenseAdd.cgi', encoding: 'form', fields: { ip: q(ip), packageid: q(packageId.map(String)), groupid: q(packageId.map(String)), hostname: q(fc.domain()), force: q(flag), reactivateok: q(flag), dryrun: q(flag), legal: q(flag), output: q(fc.constantFrom('json', 'JSON', 'xml')) } },
    { name: 'Manage2 XMLlicenseExpire', method: 'GET', path: '/XMLlicenseExpire.cgi', encoding: 'query', fields: { liscid: q(id), reason: q(fc.string()), expcode: q(fc.constantFrom('normal', 'fraud', 'chargeback')), dryrun: q(flag), output: q(fc.constantFrom('json', 'xml')) } },
    { name: 'Manage2 XMLlicenseInfo', method: 'GET', path: '/XMLlicenseInfo.cgi', encoding: 'query', fields: { expired: q(flag), groupid: q(packageId.map(String)), package: q(packageId.map(String)), output: q(fc.constantFrom('json', 'xml')) } },
    { name: 'Manage2 XMLlookup', method: 'GET', path: '/XMLlookup.cgi', encoding: 'query', fields: { ip: q(ip), packageid: q(packageId.map(String)), all: q(flag), output: q(fc.constantFrom('json', 'xml')) } },
    { name: 'Manage2 XMLRawlookup', method: 'GET', path: '/XMLRawlookup.cgi', encoding: 'query', fields: { ip: q(ip), packageid: q(packageId.map(String)), all: q(flag), output: q(fc.constantFrom('json', 'xml')) } },
    { name: 'Manage2 XMLtransfer', method: 'POST', path: '/XMLtransfer.cgi', encoding: 'form', fields: { oldip: q(ip), newip: q(ip), packageid: q(packageId.map(String)), force: q(flag), dryrun: q(flag), output: q(fc.constantFrom('json', 'xml')) } },
    { name: 'Manage2 XMLlicenseReActivate', method: 'GET', path: '/XMLlicenseReActivate.cgi', encoding: 'query', fields: { liscid: q(id), force: q(flag), dryrun: q(flag), output: q(fc.constantFrom('json', 'xml')) } },
    { name: 'Manage2 XMLonetimeext', method: 'GET', path: '/XMLonetimeext.cgi', encoding: 'query', fields: { ip: q(ip), output: q(fc.constantFrom('json', 'xml')) } },
    { name: 'Manage2 XMLsecverify', method: 'GET', path: '/XMLsecverify.cgi', encoding: 'query', fields: { ip: q(ip), liscid: q(id), output: q(fc.constantFrom('json', 'xml')) } },
    { name: 'Manage2 XMLgroupInfo', method: 'GET', path: '/XMLgroupInfo.cgi', encoding: 'query', fields: { expand: q(flag), output: q(output) } },
    { name: 'Manage2 XMLpackageInfo', method: 'GET', path: '/XMLpackageInfo.cgi', encoding: 'query', fields: { expand: q(flag), output: q(output) } },
    { name: 'Manage2 XMLtransferRequest', method: 'POST', path: '/XMLtransferRequest.cgi', encoding: 'form', fields: { ip: q(ip), groupid: q(groupRef), packageid: q(packageId.map(String)), cancel: q(flag), output: q(output) } },
    { name: 'Manage2 XMLpackageUpdate', method: 'GET', path: '/XMLpackageUpdate.cgi', encoding: 'query', fields: { ip: q(ip), newpackageid: q(packageId.map(String)), oldpackageid: q(packageId.map(String)), maxusers: q(fc.nat().map(String)), output: q(output) } },
    { name: 'Manage2 XMLgroupUpdate', method: 'GET', path: '/XMLgroupUpdate.cgi', encoding: 'query', fields: { ip: q(ip), package: q(packageId.map(String)), oldgroup: q(groupRef), groupid: q(groupRef), group: q(groupRef), output: q(output) } },
    { name: 'Manage2 XMLgroupAdd', method: 'POST', path: '/XMLgroupAdd.cgi', encoding: 'form', fields: { group: q(fc.string({ maxLength: 60 })), taxable: q(flag), maingroup: q(flag), output: q(output) } },
    { name: 'Manage2 XMLgroupEdit', method: 'GET', path: '/XMLgroupEdit.cgi', encoding: 'query', fields: { group: q(groupRef), groupid: q(groupRef), newgroup: q(fc.string({ maxLength: 60 })), taxable: q(flag), output: q(output) } },
    { name: 'Manage2 XMLupdateActiveLicenseMetadata', method: 'POST', path: '/XMLupdateActiveLicenseMetadata.cgi', encoding: 'form', fields: { liscid: q(id), external_notes: q(fc.string({ maxLength: 80 })), output: q(output) } },
    { name: 'Manage2 XMLaddPickupPass', method: 'GET', path: '/XMLaddPickupPass.cgi', encoding: 'query', fields: { pickup: q(fc.string({ minLength: 1, maxLength: 20 })), output: q(fc.constantFrom('json', 'xml')) }, weight: 0.1 },
    // WHM API 1
    { name: 'WHM api_token_create', method: 'GET', path: '/json-api/api_token_create', encoding: 'query', fields: { 'api.version': q(fc.constantFrom('1', '2')), token_name: q(name), 'acl-0': q(acl), 'acl-1': q(acl), expires_at: q(date.map(String)), 'whitelist_ip-0': q(range), 'whitelist_ip-1': q(range) } },
    { name: 'WHM api_token_update', method: 'POST', path: '/json-api/api_token_update', encoding: 'form', fields: { 'api.version': q(fc.constant('1')), token_name: q(name), new_name: q(name), 'acl-0': q(acl), expires_at: q(date.map(String)), whitelist_ip: q(fc.oneof(range, fc.constant('any'))) } },
    { name: 'WHM api_token_revoke', method: 'GET', path: '/json-api/api_token_revoke', encoding: 'query', fields: { 'api.version': q(fc.constant('1')), token_name: q(name), 'token_name-1': q(name) } },
    { name: 'WHM api_token_get_details', method: 'GET', path: '/json-api/api_token_get_details', encoding: 'query', fields: { 'api.version': q(fc.constant('1')), token: q(fc.string({ minLength: 30, maxLength: 34 })) } },
    { name: 'WHM other function', method: 'GET', path: (v) => `/json-api/${enc(v.path)}`, encoding: 'query', fields: { path: q(fc.constantFrom('api_token_list', 'listaccts', 'nope')), 'api.version': q(fc.constant('1')) } },
    { name: 'Manage2 XMLregisterAuth', method: 'GET', path: '/XMLregisterAuth.cgi', encoding: 'query', fields: { user: q(fc.constantFrom('admin', 'nobody')), pickup: q(fc.string()), service: q(name), output: q(fc.constantFrom('json', 'xml')) }, weight: 0.2, isPublic: true },
  ];
}

export const FACES: readonly Face[] = faces();

/** The request a face makes for `values`, with extra headers (credentials). */
export function buildRequest(face: Face, values: Record<string, unknown>, headers: ReadonlyArray<readonly [string, string | Buffer]>): RawRequest {
  const path = typeof face.path === 'string' ? face.path : face.path(values);
  const params = Object.fromEntries(Object.entries(values).filter(([k, v]) => k !== 'path' && v !== undefined));
  if (face.encoding === 'query') {
    const query = encodeParams(params);
    return { method: face.method, path: query ? `${path}?${query}` : path, headers };
  }
  if (face.encoding === 'form') {
    return { method: face.method, path, headers: [...headers, ['Content-Type', 'application/x-www-form-urlencoded']], body: encodeParams(params) };
  }
  return { method: face.method, path, headers: [...headers, ['Content-Type', 'application/json']], body: Buffer.from(wellFormed(JSON.stringify(params)), 'utf8') };
}

/** What an answer says, whatever the face's conventions (HTTP status, UAPI/Manage2 `status`, WHM `metadata.result`). */
export function outcome(res: RawResponse): 'server-error' | 'refused' | 'ok' {
  if (res.status >= 500 || !Number.isInteger(res.status)) return 'server-error';
  if (res.status >= 400) return 'refused';
  const type = res.headers['content-type'] ?? '';
  if (type.includes('json')) {
    try {
      const body = JSON.parse(res.body) as { status?: unknown; metadata?: { result?: unknown } };
      if (body && typeof body === 'object' && 'status' in body && Number(body.status) === 0) return 'refused';
      if (body && typeof body === 'object' && body.metadata !== undefined && Number(body.metadata.result) === 0) return 'refused';
    } catch {
      return 'refused';
    }
  }
  if (type.includes('xml') && /\bstatus="0"/.test(res.body)) return 'refused';
  if (type.includes('yaml') && /^status: 0$/m.test(res.body)) return 'refused';
  return 'ok';
}
