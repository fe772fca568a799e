// The Manage2 face (/XML*.cgi) through the real app, driven the way its clients drive it: every
// documented script in XML, JSON and YAML (each answer read back by a real parser: fast-xml-parser,
// JSON.parse, yaml in YAML 1.1 as Perl's YAML readers), `&` and `;`, GET and POST, prefixed and
// bare ids; the challenge then Basic, `apikey`, and the `cpanel` and `whm` headers; the documented
// shapes attribute by attribute (XMLlicenseInfo's <licenses name="L…"/>, XMLlookup's <licenseid>
// elements, status 1 with licenseid 0 for an IP without a license); the permission-failure text;
// bad input that changes nothing; the key-registration flow; groups, packages, notes and transfer
// requests between accounts.
import { XMLParser } from 'fast-xml-parser';
import { PickupPassphrasesService, type PrivilegeId } from 'nestjs-api-tokens';
import { parse as parseYaml } from 'yaml';
import { LicensesService } from '../../apps/license-panel/src/licenses/licenses.service.js';
import { createAppHarness, PLATFORM_RUNS, type AppHarness } from './support/app-harness.js';

type Format = 'xml' | 'json' | 'yaml';
type Answer = Record<string, unknown> & { status: number; reason: string };

const REALM = 'Basic realm="cPanel Licensing System"';
const PASSPHRASE = 'correct horse battery staple 42';
/** Every script that needs a credential, with the name its permission refusal uses. */
const SCRIPTS = {
  XMLlicenseAdd: 'licenseadd',
  XMLlicenseExpire: 'licenseexpire',
  XMLlicenseInfo: 'licenseinfo',
  XMLlookup: 'lookup',
  XMLRawlookup: 'rawlookup',
  XMLtransfer: 'transfer',
  XMLlicenseReActivate: 'licensereactivate',
  XMLonetimeext: 'onetimeext',
  XMLsecverify: 'secverify',
  XMLgroupInfo: 'groupinfo',
  XMLpackageInfo: 'packageinfo',
  XMLtransferRequest: 'transferrequest',
  XMLpackageUpdate: 'packageupdate',
  XMLgroupUpdate: 'groupupdate',
  XMLgroupAdd: 'groupadd',
  XMLgroupEdit: 'groupedit',
  XMLupdateActiveLicenseMetadata: 'updateactivelicensemetadata',
  XMLaddPickupPass: 'addpickuppass',
} as const;
type Script = keyof typeof SCRIPTS | 'XMLregisterAuth';
/** The `version` each script's documented answers carry. */
const VERSIONS: Partial<Record<Script, number>> = {
  XMLlicenseInfo: 0.7,
  XMLonetimeext: 0.1,
  XMLsecverify: 1,
  XMLgroupInfo: 0.5,
  XMLpackageInfo: 0.3,
  XMLtransferRequest: 0.2,
};

/** XML as a client reads it: repeated elements always as lists, every value as text. */
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ['license', 'licenses', 'licenseid', 'group', 'package'].includes(name),
});

/**
 * An XML answer in the shape JSON and YAML give: `<licenses name="L1" …/>` folded into
 * `{L1: {…}}` (what XML::Simple does with the `name` key attribute), one `<licenseid>` a value.
 */
function fromXml(root: Record<string, unknown>): Answer {
  const out: Record<string, unknown> = { ...root, status: Number(root.status) };
  if (root.version !== undefined) out.version = Number(root.version);
  if (Array.isArray(root.licenses)) {
    out.licenses = Object.fromEntries((root.licenses as Array<Record<string, unknown>>).map(({ name, ...rest }) => [name, rest]));
  }
  if (Array.isArray(root.licenseid)) out.licenseid = root.licenseid.length === 1 ? root.licenseid[0] : root.licenseid;
  return out as Answer;
}

interface CallOptions {
  format?: Format;
  method?: 'GET' | 'POST';
  sep?: '&' | ';';
  /** An Authorization header, `null` for none; default: alice's full-access token. */
  auth?: [string, string] | null;
  status?: number;
}

describe.each(PLATFORM_RUNS)('Manage2 face, $name', ({ platform }) => {
  let h: AppHarness;
  let licenses: LicensesService;
  let alice: [string, string];
  let bob: [string, string];
  /** A key registered by alice with only "List active licenses" (scrypt is slow: one for the suite). */
  let listKey: string;
  let ipCounter = 0;
  /** A fresh public-looking address per use, so tests never share a license. */
  const nextIp = (): string => `198.51.100.${++ipCounter}`;
  const basic = (user: string, secret: string): [string, string] => ['Authorization', `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`];

  /** Calls a script and reads its answer in the format asked, checking the root, the type and the HTTP status. */
  async function call(script: Script, params: Record<string, string> = {}, o: CallOptions = {}): Promise<Answer> {
    const format = o.format ?? 'xml';
    const all: Record<string, string> = { ...params, ...(format === 'xml' ? {} : { output: format }) };
    // `expand` with no value is sent bare (`&expand`), as Manage2 documents it.
    const pairs = Object.entries(all).map(([k, v]) => (v === '' && k === 'expand' ? k : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`));
    const raw = pairs.join(o.sep ?? '&');
    let req = o.method === 'POST' ? h.http.post(`/${script}.cgi`).type('form').send(raw) : h.http.get(`/${script}.cgi${raw ? `?${raw}` : ''}`);
    const auth = o.auth === undefined ? alice : o.auth;
    if (auth) req = req.set(...auth);
    const res = await req.buffer(true).parse((r, done) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (text += chunk));
      r.on('end', () => done(null, text));
    });
    expect(res.status).toBe(o.status ?? 200);
    const text = res.body as string;
    expect(res.headers['cache-control']).toBe('no-store');
    if (format === 'json') {
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      return JSON.parse(text) as Answer;
    }
    if (format === 'yaml') {
      expect(res.headers['content-type']).toMatch(/^application\/yaml/);
      expect(text.startsWith('---\n')).toBe(true);
      return parseYaml(text, { version: '1.1' }) as Answer;
    }
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const doc = xml.parse(text) as Record<string, Record<string, unknown>>;
    expect(Object.keys(doc).filter((k) => k !== '?xml')).toEqual([script]);
    return fromXml(doc[script]!);
  }

  /** The raw XML answer of a script (for the documented shapes). */
  async function rawXml(script: Script, query: string, auth: [string, string] = alice): Promise<string> {
    const res = await h.http.get(`/${script}.cgi?${query}`).set(...auth);
    expect(res.status).toBe(200);
    return res.text;
  }

  /** Everything a script could change. */
  async function state(): Promise<string> {
    const q = (sql: string): Promise<unknown[]> => h.dataSource.query(sql);
    return JSON.stringify([
      await q('SELECT * FROM licenses ORDER BY id'),
      await q('SELECT * FROM license_events ORDER BY id'),
      await q('SELECT id, name, owner, taxable FROM license_groups ORDER BY id'),
      await q('SELECT id, requester, holder, status FROM license_transfer_requests ORDER BY id'),
      await q('SELECT id, owner, privileges FROM pickup_passphrases ORDER BY id'),
      await q('SELECT id, owner, ip, service, privileges FROM authorization_keys ORDER BY id'),
    ]);
  }

  async function addLicense(ip = nextIp(), packageId: string | number = 1, groupId?: number, owner = 'alice'): Promise<number> {
    const r = await licenses.add(owner, { ip, packageId, groupId });
    return r.licenseId!;
  }

  beforeAll(async () => {
    // The suite refuses many credentials on purpose; the failure limiter has its own test below.
    h = await createAppHarness({ platform, env: { AUTH_FAILURE_LIMIT: '0' } });
    licenses = h.app.get(LicensesService);
    alice = (await h.login('alice')).auth;
    bob = (await h.login('bob')).auth;
    listKey = (await registerKey('list-key', ['list'])).key;
  });

  afterAll(async () => {
    await h?.close();
  });

  // Every script in every format: XML by GET with `&`, JSON by POST with `;`, YAML by GET with `;`, XML by POST with `;`.
  describe.each([
    ['xml', 'GET', '&'],
    ['json', 'POST', ';'],
    ['yaml', 'GET', ';'],
    ['xml', 'POST', ';'],
  ] as const)('each script in %s (%s, "%s")', (format, method, sep) => {
    const run = (script: Script, params: Record<string, string>, auth?: [string, string]): Promise<Answer> => call(script, params, { format, method, sep, auth });

    it('XMLlicenseAdd adds a license (prefixed ids, notes), and dryrun changes nothing', async () => {
      const ip = nextIp();
      const before = await state();
      const dry = await run('XMLlicenseAdd', { ip, packageid: 'P2', groupid: 'G2', dryrun: '1', legal: '1' });
      expect(dry).toMatchObject({ status: 1, dryrun: '1' });
      expect(await state()).toBe(before);
      const r = await run('XMLlicenseAdd', { ip, packageid: 'P2', groupid: 'G2', legal: '1', external_notes: 'rack 4' });
      expect(r).toMatchObject({ status: 1, ip, packageid: '2', groupid: '2' });
      expect(r.reason).toContain('added');
      expect(await licenses.get('alice', Number(r.licenseid))).toMatchObject({ ip, packageId: 2, groupId: 2, status: 'active', externalNotes: 'rack 4' });
    });

    it('XMLlicenseExpire expires a license and keeps it', async () => {
      const id = await addLicense();
      const r = await run('XMLlicenseExpire', { liscid: `L${id}`, reason: 'moved away', expcode: 'other' });
      expect(r).toMatchObject({ status: 1, result: 'OK', licenseid: String(id) });
      expect(await licenses.get('alice', id)).toMatchObject({ status: 'expired', expireReason: 'moved away', expireCode: 'other' });
    });

    it('XMLlicenseInfo lists licenses by prefixed id with the documented attributes, filtered by group, package or id', async () => {
      const id = await addLicense(nextIp(), 3, 3);
      const other = await addLicense(nextIp(), 1, 1);
      const r = await run('XMLlicenseInfo', { groupid: 'G3', package: 'P3' });
      expect(r).toMatchObject({ status: 1, reason: 'OK', version: 0.7 });
      const listed = r.licenses as Record<string, Record<string, string | null>>;
      expect(listed[`L${id}`]).toMatchObject({ licenseid: String(id), groupid: '3', packageid: '3', package_name: 'cPanel Pro', status: '1' });
      expect(listed[`L${id}`]?.adddate).toMatch(/^\d{10}$/);
      expect(listed[`L${other}`]).toBeUndefined();
      expect(Object.keys((await run('XMLlicenseInfo', { liscid: String(id) })).licenses as object)).toEqual([`L${id}`]);
      expect(Object.keys((await run('XMLlicenseInfo', { group: 'staging', packageid: '3' })).licenses as object)).toContain(`L${id}`);
      await licenses.expire('alice', { licenseId: other, reason: 'Server retired' });
      const expired = (await run('XMLlicenseInfo', { expired: '1' })).licenses as Record<string, Record<string, string>>;
      expect(expired[`L${other}`]).toMatchObject({ status: '2', expirereason: 'Server retired' });
      expect(expired[`L${id}`]).toBeUndefined();
    });

    it('XMLlookup answers the license id of an IP; every license of it with all=1; licenseid 0 with status 1 when none', async () => {
      const ip = nextIp();
      const first = await addLicense(ip, 1);
      const second = await addLicense(ip, 2);
      expect(await run('XMLlookup', { ip })).toMatchObject({ status: 1, reason: 'OK', licenseid: String(first) });
      expect(await run('XMLlookup', { ip, packageid: 'P2' })).toMatchObject({ status: 1, licenseid: String(second) });
      await licenses.expire('alice', { licenseId: first });
      expect(await run('XMLlookup', { ip, all: '1' })).toMatchObject({ status: 1, licenseid: [String(second), String(first)] });
      expect(await run('XMLlookup', { ip: nextIp() })).toMatchObject({ status: 1, licenseid: '0' });
    });

    it('XMLRawlookup answers every license of an IP in full', async () => {
      const ip = nextIp();
      const a = await addLicense(ip, 1);
      const b = await addLicense(ip, 2);
      await licenses.expire('alice', { licenseId: b });
      const active = await run('XMLRawlookup', { ip });
      expect(active).toMatchObject({ status: 1, reason: 'OK' });
      expect((active.license as Record<string, string>[]).map((l) => l.licenseid)).toEqual([String(a)]);
      const all = await run('XMLRawlookup', { ip, all: '1' });
      expect((all.license as Record<string, string>[]).map((l) => [l.licenseid, l.ip, l.status, l.valid, l.package, l.company])).toEqual([
        [String(a), ip, '1', '1', '1', 'alice'],
        [String(b), ip, '2', '0', '2', 'alice'],
      ]);
    });

    it('XMLtransfer moves a license to a new IP', async () => {
      const [oldip, newip] = [nextIp(), nextIp()];
      const id = await addLicense(oldip);
      const r = await run('XMLtransfer', { oldip, newip, packageid: '1' });
      expect(r).toMatchObject({ status: 1, oldip, newip, licenseid: String(id) });
      expect(await licenses.get('alice', id)).toMatchObject({ ip: newip, status: 'active', transferCount: 1 });
    });

    it('XMLlicenseReActivate reactivates an expired license (bare id)', async () => {
      const id = await addLicense();
      await licenses.expire('alice', { licenseId: id });
      const r = await run('XMLlicenseReActivate', { liscid: String(id) });
      expect(r).toMatchObject({ status: 1, licenseid: String(id) });
      expect(await licenses.get('alice', id)).toMatchObject({ status: 'active' });
    });

    it('XMLonetimeext extends one-time updates', async () => {
      const ip = nextIp();
      const id = await addLicense(ip);
      const before = (await licenses.get('alice', id)).updatesExpireAt!.getTime();
      const r = await run('XMLonetimeext', { ip });
      expect(r).toMatchObject({ status: 1, version: 0.1, ip });
      const after = (await licenses.get('alice', id)).updatesExpireAt!.getTime();
      expect(after).toBeGreaterThan(before);
      expect((r.licenses as Record<string, Record<string, string>>)[`L${id}`]?.updateexpiretime).toBe(String(after / 1000));
    });

    it('XMLsecverify answers risk data (Manage2’s scores) for an IP or a license id', async () => {
      const ip = nextIp();
      const id = await addLicense(ip);
      const byIp = await run('XMLsecverify', { ip });
      expect(byIp).toMatchObject({ status: 1, version: 1, reason: 'Risk Data Fetched', ip, licensed: '1', risklevel: 'low' });
      expect(Number(byIp['riskscore.main.score'])).toBe(Number(byIp.risk));
      expect(Number(byIp['riskscore.aggregate.score'])).toBe(Number(byIp.risk));
      expect(await run('XMLsecverify', { liscid: `L${id}` })).toMatchObject({ status: 1, ip, licenseid: String(id) });
      expect(await run('XMLsecverify', { ip: nextIp() })).toMatchObject({ status: 1, licensed: '0' });
    });

    it('XMLgroupInfo and XMLpackageInfo list names by prefixed id; `expand` lists objects', async () => {
      expect(await run('XMLgroupInfo', {})).toMatchObject({ status: 1, reason: 'OK', groups: { G1: 'Default' } });
      const groups = await run('XMLgroupInfo', { expand: '' });
      expect((groups.group as Array<Record<string, string>>)[0]).toMatchObject({ name: 'Default', groupid: 'G1', taxable: '0' });
      const packages = await run('XMLpackageInfo', {});
      expect(packages).toMatchObject({ status: 1, reason: 'OK' });
      expect(Object.keys(packages.packages as object)).toEqual(expect.arrayContaining(['P1', 'P2', 'P3']));
      expect((await run('XMLpackageInfo', { expand: '1' })).package).toEqual(expect.arrayContaining([{ name: 'cPanel Solo', packageid: 'P1' }]));
    });

    it('XMLgroupAdd and XMLgroupEdit add a group of one’s own and edit its name and taxable flag', async () => {
      const name = `Rack ${format} ${method} ${sep}`.replace(/[;&]/, 'x');
      const added = await run('XMLgroupAdd', { group: name, taxable: '1' });
      expect(added).toMatchObject({ status: 1, reason: `Added '${name}' group.` });
      const id = String(added.groupid);
      expect((await run('XMLgroupInfo', {})).groups).toMatchObject({ [`G${id}`]: name });
      expect(await run('XMLgroupEdit', { group: name, newgroup: `${name} 2` })).toMatchObject({ status: 1, reason: `Updated '${name} 2' group.` });
      expect(await run('XMLgroupEdit', { groupid: `G${id}`, taxable: '0' })).toMatchObject({ status: 1 });
      const expanded = (await run('XMLgroupInfo', { expand: '1' })).group as Array<Record<string, string>>;
      expect(expanded.find((g) => g.groupid === `G${id}`)).toMatchObject({ name: `${name} 2`, taxable: '0' });
    });

    it('XMLgroupUpdate files licenses under a group, by IP, package or current group', async () => {
      const ip = nextIp();
      const a = await addLicense(ip, 1, 1);
      const b = await addLicense(ip, 2, 1);
      const r = await run('XMLgroupUpdate', { ip, groupid: 'G2' });
      expect(r).toMatchObject({ status: 1, groupid: '2', reason: 'Updated 2 licenses to the "Production" group.' });
      expect([(await licenses.get('alice', a)).groupId, (await licenses.get('alice', b)).groupId]).toEqual([2, 2]);
      expect(await run('XMLgroupUpdate', { ip, package: 'cPanel Solo', group: 'staging' })).toMatchObject({ reason: 'Updated 1 license to the "Staging" group.' });
      expect((await licenses.get('alice', a)).groupId).toBe(3);
    });

    it('XMLpackageUpdate files a license under another package', async () => {
      const ip = nextIp();
      const id = await addLicense(ip, 1);
      const r = await run('XMLpackageUpdate', { ip, newpackageid: 'P4', maxusers: '120' });
      expect(r).toMatchObject({ status: 1, reason: `Updated package on ${ip} from cPanel Solo to cPanel Premier.` });
      expect(await licenses.get('alice', id)).toMatchObject({ packageId: 4, status: 'active' });
    });

    it('XMLupdateActiveLicenseMetadata replaces and clears a license’s notes', async () => {
      const id = await addLicense();
      expect(await run('XMLupdateActiveLicenseMetadata', { liscid: String(id), external_notes: 'this is a note' })).toMatchObject({ status: 1, reason: 'Updated license metadata' });
      expect((await run('XMLlicenseInfo', { liscid: String(id) })).licenses).toMatchObject({ [`L${id}`]: { external_notes: 'this is a note' } });
      await run('XMLupdateActiveLicenseMetadata', { liscid: String(id), external_notes: '' });
      expect((await licenses.get('alice', id)).externalNotes).toBeNull();
    });

    it('XMLtransferRequest asks another account for its license and, with cancel=1, withdraws the request', async () => {
      const ip = nextIp();
      await addLicense(ip, 3, 1, 'bob');
      const r = await run('XMLtransferRequest', { ip, groupid: '1', packageid: '3' });
      expect(r).toMatchObject({ status: 1, version: 0.2 });
      expect(r.reason).toMatch(/The confirmation number for this request is \d+\.$/);
      expect(r.reason).not.toContain('bob');
      expect(await run('XMLtransferRequest', { cancel: '1', ip, groupid: '1', packageid: '3' })).toMatchObject({ status: 1, reason: 'Cancelled transfer request' });
      expect(await h.count('license_transfer_requests', `ip = '${ip}' AND status = 'cancelled'`)).toBe(1);
    });

    it('XMLaddPickupPass and XMLregisterAuth trade a passphrase for a key bound to the caller', async () => {
      const phrase = `${PASSPHRASE} ${format} ${method} ${sep}`;
      const service = `svc-${format}-${method}-${sep === ';' ? 'semi' : 'amp'}`;
      const added = await run('XMLaddPickupPass', { pickup: phrase, privileges: 'list,search' });
      expect(added).toMatchObject({ status: 1, reason: 'Successfully added pickup phrase.', privileges: 'list,search' });
      const r = await call('XMLregisterAuth', { user: 'alice', pickup: phrase, service }, { format, method, sep, auth: null });
      expect(r).toMatchObject({ status: 1, reason: `Successfully registered ${service} on 127.0.0.1`, ip: '127.0.0.1' });
      expect(r.key).toMatch(/^[0-9A-Z]{20}$/);
      expect((await call('XMLlicenseInfo', { apikey: String(r.key) }, { format, auth: null })).status).toBe(1);
    });
  });

  describe('documented shapes, attribute by attribute', () => {
    it('XMLlicenseInfo: one <licenses name="L…"/> element per license, status 1 (active) or 2 (expired), empty attributes for what is unset', async () => {
      const ip = nextIp();
      const id = await addLicense(ip, 2, 2);
      const body = await rawXml('XMLlicenseInfo', `liscid=${id}`);
      const element = new RegExp(`<XMLlicenseInfo version="0.7" status="1" reason="OK"><licenses name="L${id}" licenseid="${id}" ip="${ip.replace(/\./g, '\\.')}" hostname="" groupid="2" group="Production" packageid="2" package_name="cPanel Admin" status="1" adddate="\\d{10}" expiredon="" expirereason="" expcode="" updateexpiretime="\\d{10}" external_notes="" transfers="0"/></XMLlicenseInfo>`);
      expect(body).toMatch(element);
      await licenses.expire('alice', { licenseId: id, reason: 'gone' });
      expect(await rawXml('XMLlicenseInfo', `expired=1;liscid=${id}`)).toMatch(new RegExp(`<licenses name="L${id}" [^>]* status="2" [^>]*expirereason="gone"`));
    });

    it('XMLlookup: one <licenseid> element per license; none: licenseid 0 with status 1 in XML, JSON and YAML', async () => {
      const ip = nextIp();
      const a = await addLicense(ip, 1);
      const b = await addLicense(ip, 3);
      expect(await rawXml('XMLlookup', `ip=${ip};all=1`)).toContain(`<XMLlookup status="1" reason="OK"><licenseid>${a}</licenseid><licenseid>${b}</licenseid></XMLlookup>`);
      const empty = nextIp();
      expect(await rawXml('XMLlookup', `ip=${empty}`)).toContain(`<XMLlookup status="1" reason="No license found for ${empty}."><licenseid>0</licenseid></XMLlookup>`);
      for (const format of ['json', 'yaml'] as const) expect(await call('XMLlookup', { ip: empty }, { format })).toMatchObject({ status: 1, licenseid: '0' });
    });

    it('XMLgroupInfo and XMLpackageInfo with expand: one <group>/<package> element each, ids with their letter', async () => {
      expect(await rawXml('XMLgroupInfo', 'expand')).toContain('<group name="Default" groupid="G1" taxable="0" shared="1"/>');
      expect(await rawXml('XMLpackageInfo', 'expand')).toContain('<package name="cPanel Solo" packageid="P1"/>');
      expect(await rawXml('XMLpackageInfo', '')).toMatch(/<XMLpackageInfo version="0.3" status="1" reason="OK"><packages P1="cPanel Solo" P2="cPanel Admin"/);
    });

    it('YAML is a YAML 1.1 document: ids and instants stay text, null is ~', async () => {
      const id = await addLicense();
      const res = await h.http.get(`/XMLlicenseInfo.cgi?output=yaml;liscid=${id}`).set(...alice);
      expect(res.text).toMatch(new RegExp(`^---\\nversion: 0.7\\nstatus: 1\\nreason: OK\\nlicenses:\\n  L${id}:\\n    licenseid: '${id}'`));
      expect(res.text).toContain('hostname: ~');
      expect(res.text).toMatch(/adddate: '\d{10}'/);
    });

    it('every answer of a versioned script carries its version, refusals included', async () => {
      for (const [script, version] of Object.entries(VERSIONS) as Array<[Script, number]>) {
        expect((await call(script, {}, { format: 'json' })).version).toBe(version);
      }
    });
  });

  describe('parameters', () => {
    it('accepts `;` in a GET query, including the apikey', async () => {
      const res = await h.http.get(`/XMLgroupInfo.cgi?apikey=${listKey};OUTPUT=Json`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 1, groups: { G1: 'Default' } });
    });

    it('accepts `;` in a POST form body, including the apikey', async () => {
      const res = await h.http.post('/XMLpackageInfo.cgi').type('form').send(`output=yaml;apikey=${listKey}`);
      expect(res.status).toBe(200);
      expect(parseYaml(res.text)).toMatchObject({ status: 1, reason: 'OK' });
    });

    it('reads output=json and output=yaml in any case and is XML otherwise', async () => {
      expect((await h.http.get('/XMLgroupInfo.cgi?Output=JSON').set(...alice)).headers['content-type']).toMatch(/json/);
      expect((await h.http.get('/XMLgroupInfo.cgi?output=YAML').set(...alice)).headers['content-type']).toMatch(/yaml/);
      expect((await h.http.get('/XMLgroupInfo.cgi?output=html').set(...alice)).headers['content-type']).toMatch(/xml/);
    });

    it('takes ids with or without their letter prefix, in any case', async () => {
      for (const [liscid, packageid] of [
        ['L', 'P'],
        ['', ''],
        ['l', 'p'],
      ]) {
        const ip = nextIp();
        const add = await call('XMLlicenseAdd', { ip, packageid: `${packageid}4`, groupid: `${packageid === 'P' ? 'G' : ''}1` });
        expect(add).toMatchObject({ status: 1, packageid: '4' });
        expect(await call('XMLlicenseExpire', { liscid: `${liscid}${String(add.licenseid)}` })).toMatchObject({ status: 1 });
      }
    });

    it('refuses other methods with 405, HEAD included (the scripts write on GET)', async () => {
      const before = await state();
      const res = await h.http.put('/XMLlicenseInfo.cgi').set(...alice);
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, POST');
      const head = await h.http.head(`/XMLlicenseAdd.cgi?ip=${nextIp()}&packageid=1`).set(...alice);
      expect(head.status).toBe(405);
      expect(await state()).toBe(before);
    });
  });

  describe('authentication', () => {
    it.each(Object.keys(SCRIPTS) as Array<keyof typeof SCRIPTS>)('%s without credentials: 401 with the licensing realm, in the script’s format', async (script) => {
      const res = await h.http.get(`/${script}.cgi`);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe(REALM);
      expect(xml.parse(res.text)[script]).toMatchObject({ status: '0' });
    });

    it('answers 401 in JSON and YAML when asked, and for a bad apikey or key of another user', async () => {
      const json = await h.http.get('/XMLlicenseInfo.cgi?output=json');
      expect([json.status, json.body.status]).toEqual([401, 0]);
      const yaml = await h.http.get('/XMLlicenseInfo.cgi?output=yaml');
      expect([yaml.status, parseYaml(yaml.text).status]).toEqual([401, 0]);
      expect((await h.http.get('/XMLlicenseInfo.cgi?apikey=ABCDEFGHIJKLMNOPQRST')).status).toBe(401);
      const res = await h.http.get('/XMLlicenseInfo.cgi').set(...basic('bob', listKey));
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe(REALM);
    });

    it('accepts Basic user:key, Basic user:token, apikey in query or form, and the cpanel and whm headers (any case)', async () => {
      const token = await h.mintToken('alice', ['list']);
      expect((await call('XMLlicenseInfo', {}, { auth: basic('alice', listKey) })).status).toBe(1);
      expect((await call('XMLlicenseInfo', {}, { auth: basic('alice', token) })).status).toBe(1);
      expect((await call('XMLlicenseInfo', { apikey: listKey }, { auth: null })).status).toBe(1);
      expect((await call('XMLlicenseInfo', { apikey: listKey }, { auth: null, method: 'POST', sep: ';' })).status).toBe(1);
      expect((await call('XMLlicenseInfo', {}, { auth: ['Authorization', `cpanel alice:${token}`] })).status).toBe(1);
      expect((await call('XMLlicenseInfo', {}, { auth: ['Authorization', `WHM alice:${token}`], format: 'yaml' })).status).toBe(1);
    });

    it('XMLregisterAuth refuses a wrong passphrase with status 0 and registers nothing', async () => {
      await h.app.get(PickupPassphrasesService).create('alice', { passphrase: `${PASSPHRASE} wrong-test`, privileges: ['list'] });
      const before = await state();
      const r = await call('XMLregisterAuth', { user: 'alice', pickup: 'not the passphrase at all', service: 'svc' }, { auth: null, format: 'yaml' });
      expect(r).toMatchObject({ status: 0, reason: 'Registration failed: the user name or the pickup passphrase is not correct.' });
      expect(await state()).toBe(before);
    });
  });

  describe('privileges', () => {
    it.each(Object.entries(SCRIPTS) as Array<[keyof typeof SCRIPTS, string]>)(
      '%s refuses a credential without its privilege (HTTP 200, Manage2’s text) and changes nothing',
      async (script, access) => {
        const id = await addLicense();
        const token = await h.mintToken('alice', ['apitokens']);
        const before = await state();
        const params = {
          ip: nextIp(),
          oldip: nextIp(),
          newip: nextIp(),
          packageid: '1',
          newpackageid: '2',
          groupid: '1',
          group: 'New Group',
          newgroup: 'Other Name',
          liscid: String(id),
          external_notes: 'x',
          pickup: `${PASSPHRASE} denied`,
        };
        for (const format of ['json', 'xml', 'yaml'] as const) {
          const r = await call(script, params, { auth: basic('alice', token), format });
          const version = VERSIONS[script];
          expect(r).toEqual({ status: 0, reason: `alice is not allowed to access ${access}.`, ...(version === undefined ? {} : { version }) });
        }
        expect(await state()).toBe(before);
      },
    );

    it('a key holds only its passphrase’s privileges', async () => {
      const r = await call('XMLsecverify', { ip: nextIp(), apikey: listKey }, { auth: null, format: 'json' });
      expect(r).toMatchObject({ status: 0, reason: 'alice is not allowed to access secverify.' });
    });

    it('an account’s own privileges bound every credential', async () => {
      await h.createAccount('dave', ['list']);
      const token = await h.mintToken('dave');
      const r = await call('XMLlicenseAdd', { ip: nextIp(), packageid: '1' }, { auth: basic('dave', token), format: 'json' });
      expect(r).toEqual({ status: 0, reason: 'dave is not allowed to access licenseadd.' });
    });
  });

  describe('bad input answers status 0 naming the field and changes nothing', () => {
    let licensed: number;
    let usedIp: string;
    let bobsIp: string;
    let expiredId: number;
    beforeAll(async () => {
      usedIp = nextIp();
      licensed = await addLicense(usedIp);
      await addLicense(usedIp, 2);
      bobsIp = nextIp();
      await addLicense(bobsIp, 3, 1, 'bob');
      expiredId = await addLicense();
      await licenses.expire('alice', { licenseId: expiredId });
      await licenses.add('bob', { ip: nextIp(), packageId: 1 });
    });

    const cases: Array<[Script, () => Record<string, string>, string]> = [
      ['XMLlicenseAdd', () => ({ packageid: 'P1' }), '“ip”'],
      ['XMLlicenseAdd', () => ({ ip: 'not-an-ip', packageid: '1' }), 'ip: '],
      ['XMLlicenseAdd', () => ({ ip: '127.0.0.1', packageid: '1' }), 'ip: '],
      ['XMLlicenseAdd', () => ({ ip: nextIp() }), '“packageid”'],
      ['XMLlicenseAdd', () => ({ ip: nextIp(), packageid: 'P999' }), 'packageid: '],
      ['XMLlicenseAdd', () => ({ ip: nextIp(), packageid: '1', groupid: 'Gx' }), 'groupid: '],
      ['XMLlicenseAdd', () => ({ ip: nextIp(), packageid: '1', force: 'perhaps' }), '“force”'],
      ['XMLlicenseAdd', () => ({ ip: nextIp(), packageid: '1', external_notes: 'n'.repeat(65) }), '“external_notes”'],
      ['XMLlicenseAdd', () => ({ ip: usedIp, packageid: '1' }), 'use force'],
      ['XMLlicenseExpire', () => ({}), '“liscid”'],
      ['XMLlicenseExpire', () => ({ liscid: 'X12' }), 'liscid: '],
      ['XMLlicenseExpire', () => ({ liscid: String(licensed), expcode: 'bogus' }), 'expcode: '],
      ['XMLlicenseExpire', () => ({ liscid: 'L999999' }), '“L999999” does not exist'],
      ['XMLlicenseInfo', () => ({ groupid: 'G999' }), 'groupid: '],
      ['XMLlicenseInfo', () => ({ group: 'no such group' }), 'group: '],
      ['XMLlicenseInfo', () => ({ groupid: '1', group: 'Default' }), '“group”, not both'],
      ['XMLlicenseInfo', () => ({ package: 'no such package' }), 'package: '],
      ['XMLlicenseInfo', () => ({ expired: 'sometimes' }), '“expired”'],
      ['XMLlicenseInfo', () => ({ liscid: 'abc' }), 'liscid: '],
      ['XMLlookup', () => ({}), '“ip”'],
      ['XMLlookup', () => ({ ip: '1.2.3' }), 'ip: '],
      ['XMLRawlookup', () => ({ ip: 'x' }), 'ip: '],
      ['XMLRawlookup', () => ({ ip: usedIp, packageid: 'P0' }), 'packageid: '],
      ['XMLtransfer', () => ({ newip: nextIp() }), '“oldip”'],
      ['XMLtransfer', () => ({ oldip: usedIp }), '“newip”'],
      ['XMLtransfer', () => ({ oldip: usedIp, newip: 'bad' }), 'newip: '],
      ['XMLtransfer', () => ({ oldip: usedIp, newip: usedIp }), 'newip: '],
      ['XMLlicenseReActivate', () => ({}), '“liscid”'],
      ['XMLlicenseReActivate', () => ({ liscid: 'abc' }), 'liscid: '],
      ['XMLlicenseReActivate', () => ({ liscid: String(licensed) }), 'only an expired license'],
      ['XMLonetimeext', () => ({}), '“ip”'],
      ['XMLonetimeext', () => ({ ip: '300.1.1.1' }), 'ip: '],
      ['XMLsecverify', () => ({}), '“ip”'],
      ['XMLsecverify', () => ({ ip: 'nope' }), 'ip: '],
      ['XMLsecverify', () => ({ ip: usedIp, liscid: String(licensed) }), '“liscid”'],
      ['XMLgroupInfo', () => ({ expand: 'maybe' }), '“expand”'],
      ['XMLpackageInfo', () => ({ expand: '2' }), '“expand”'],
      ['XMLtransferRequest', () => ({ groupid: '1', packageid: '3' }), '“ip”'],
      ['XMLtransferRequest', () => ({ ip: bobsIp, packageid: '3' }), '“groupid”'],
      ['XMLtransferRequest', () => ({ ip: bobsIp, groupid: '1' }), '“packageid”'],
      ['XMLtransferRequest', () => ({ ip: bobsIp, groupid: 'G999', packageid: '3' }), 'groupid: '],
      ['XMLtransferRequest', () => ({ ip: usedIp, groupid: '1', packageid: '1' }), 'yours already'],
      ['XMLtransferRequest', () => ({ ip: nextIp(), groupid: '1', packageid: '1' }), 'add one instead'],
      ['XMLtransferRequest', () => ({ cancel: '1', ip: bobsIp }), 'no pending transfer request'],
      ['XMLtransferRequest', () => ({ cancel: 'soon', ip: bobsIp }), '“cancel”'],
      ['XMLpackageUpdate', () => ({ newpackageid: '2' }), '“ip”'],
      ['XMLpackageUpdate', () => ({ ip: usedIp }), '“newpackageid”'],
      ['XMLpackageUpdate', () => ({ ip: usedIp, newpackageid: 'P9' }), 'newpackageid: '],
      ['XMLpackageUpdate', () => ({ ip: usedIp, newpackageid: '3' }), 'oldpackageid: '],
      ['XMLpackageUpdate', () => ({ ip: usedIp, oldpackageid: '1', newpackageid: '2' }), 'already has an active cPanel Admin license'],
      ['XMLpackageUpdate', () => ({ ip: usedIp, oldpackageid: '1', newpackageid: '1' }), 'already'],
      ['XMLpackageUpdate', () => ({ ip: bobsIp, newpackageid: '1' }), 'no active license'],
      ['XMLgroupUpdate', () => ({ ip: usedIp }), '“group”'],
      ['XMLgroupUpdate', () => ({ groupid: '2' }), '“ip”'],
      ['XMLgroupUpdate', () => ({ ip: usedIp, groupid: '2', group: 'Production' }), 'not both'],
      ['XMLgroupUpdate', () => ({ ip: usedIp, groupid: 'G999' }), 'groupid: '],
      ['XMLgroupUpdate', () => ({ ip: usedIp, group: 'Nowhere' }), 'group: '],
      ['XMLgroupUpdate', () => ({ package: 'nope', group: 'Production' }), 'package: '],
      ['XMLgroupUpdate', () => ({ oldgroupid: 'G999', group: 'Production' }), 'oldgroupid: '],
      ['XMLgroupUpdate', () => ({ ip: bobsIp, groupid: '2' }), 'None of your active licenses'],
      ['XMLgroupAdd', () => ({}), '“group”'],
      ['XMLgroupAdd', () => ({ group: 'Default' }), 'already exists'],
      ['XMLgroupAdd', () => ({ group: 'g'.repeat(51) }), 'group: '],
      ['XMLgroupAdd', () => ({ group: 'Fine', taxable: 'maybe' }), '“taxable”'],
      ['XMLgroupEdit', () => ({ newgroup: 'x' }), '“group”'],
      ['XMLgroupEdit', () => ({ group: 'Default', newgroup: 'Mine' }), 'shared by every account'],
      ['XMLgroupEdit', () => ({ groupid: 'G999', newgroup: 'Mine' }), 'groupid: '],
      ['XMLgroupEdit', () => ({ groupid: '1' }), 'nothing to change'],
      ['XMLupdateActiveLicenseMetadata', () => ({ external_notes: 'x' }), '“liscid”'],
      ['XMLupdateActiveLicenseMetadata', () => ({ liscid: String(licensed) }), '“external_notes”'],
      ['XMLupdateActiveLicenseMetadata', () => ({ liscid: String(licensed), external_notes: 'x'.repeat(65) }), '“external_notes”'],
      ['XMLupdateActiveLicenseMetadata', () => ({ liscid: String(expiredId), external_notes: 'x' }), 'only an active license'],
      ['XMLupdateActiveLicenseMetadata', () => ({ liscid: 'L999999', external_notes: 'x' }), 'does not exist'],
      ['XMLaddPickupPass', () => ({}), '“pickup”'],
      ['XMLaddPickupPass', () => ({ pickup: 'short' }), 'pickup: '],
      ['XMLaddPickupPass', () => ({ pickup: `${PASSPHRASE} bad-priv`, privileges: 'nope' }), '“nope” is not a known privilege'],
      ['XMLregisterAuth', () => ({ pickup: PASSPHRASE, service: 's' }), '“user”'],
      ['XMLregisterAuth', () => ({ user: 'alice', service: 's' }), '“pickup”'],
      ['XMLregisterAuth', () => ({ user: 'alice', pickup: PASSPHRASE }), '“service”'],
      ['XMLregisterAuth', () => ({ user: 'alice', pickup: PASSPHRASE, service: 'bad service!' }), 'service name'],
    ];

    it.each(cases.map(([script, params, text], i) => [script, i, params, text] as const))('%s #%i', async (script, i, params, text) => {
      const before = await state();
      const format: Format = (['xml', 'json', 'yaml'] as const)[i % 3]!;
      const r = await call(script, params(), { format, auth: script === 'XMLregisterAuth' ? null : alice });
      expect(r.status).toBe(0);
      expect(r.reason).toContain(text);
      expect(await state()).toBe(before);
    });
  });

  describe('one account never reaches another’s licenses or groups', () => {
    it('bob’s scripts see none of alice’s licenses or groups, and change none', async () => {
      const ip = nextIp();
      const id = await addLicense(ip, 1);
      const group = await call('XMLgroupAdd', { group: 'Alice Private' });
      const before = await state();
      const as = (script: Script, params: Record<string, string>): Promise<Answer> => call(script, params, { auth: bob, format: 'json' });
      expect(Object.keys((await as('XMLlicenseInfo', {})).licenses as object)).not.toContain(`L${id}`);
      expect(await as('XMLlookup', { ip })).toMatchObject({ status: 1, licenseid: '0' });
      expect((await as('XMLRawlookup', { ip, all: '1' })).license).toEqual([]);
      expect(Object.keys((await as('XMLgroupInfo', {})).groups as object)).not.toContain(`G${String(group.groupid)}`);
      for (const [script, params] of [
        ['XMLlicenseExpire', { liscid: String(id) }],
        ['XMLupdateActiveLicenseMetadata', { liscid: String(id), external_notes: 'mine' }],
        ['XMLpackageUpdate', { ip, newpackageid: '2' }],
        ['XMLgroupUpdate', { ip, groupid: '2' }],
        ['XMLgroupEdit', { groupid: String(group.groupid), newgroup: 'Bob Now' }],
        ['XMLgroupUpdate', { ip: nextIp(), groupid: String(group.groupid) }],
        ['XMLtransfer', { oldip: ip, newip: nextIp() }],
      ] as Array<[Script, Record<string, string>]>) {
        expect(await as(script, params)).toMatchObject({ status: 0 });
      }
      expect(await state()).toBe(before);
    });
  });

  it('an existing Manage2 client: challenge, then Basic; a key for its server; then every script with apikey and `;`', async () => {
    await h.createAccount('carol');
    const token = await h.mintToken('carol');
    // A well-known client sends nothing first, then Basic credentials after the realm challenge.
    const challenge = await h.http.get(`/XMLaddPickupPass.cgi?pickup=${encodeURIComponent(PASSPHRASE)}`);
    expect(challenge.status).toBe(401);
    expect(challenge.headers['www-authenticate']).toBe(REALM);
    expect(await call('XMLaddPickupPass', { pickup: PASSPHRASE }, { auth: basic('carol', token) })).toMatchObject({ status: 1 });

    const reg = await call('XMLregisterAuth', { user: 'carol', pickup: PASSPHRASE, service: 'licensing-client' }, { auth: null, sep: ';' });
    expect(reg).toMatchObject({ status: 1, reason: 'Successfully registered licensing-client on 127.0.0.1', ip: '127.0.0.1' });
    const apikey = String(reg.key);
    // The Perl client's _HashReq: dies unless status is 1.
    const as = async (script: Script, params: Record<string, string>): Promise<Answer> => {
      const r = await call(script, { ...params, apikey }, { auth: null, sep: ';', format: 'yaml' });
      expect(r.status).toBe(1);
      return r;
    };

    const [ip, newip] = [nextIp(), nextIp()];
    expect(await as('XMLlookup', { ip, all: '1' })).toMatchObject({ licenseid: '0' }); // fetchLicenseId of an IP without one
    const added = await as('XMLlicenseAdd', { ip, packageid: 'P1', groupid: 'G1', legal: '1', force: '0', reactivateok: '0', noattr: '1' });
    const id = String(added.licenseid);
    await as('XMLgroupInfo', {});
    await as('XMLpackageInfo', {});
    expect(Object.keys((await as('XMLlicenseInfo', {})).licenses as object)).toEqual([`L${id}`]);
    expect(await as('XMLlookup', { ip, all: '1' })).toMatchObject({ licenseid: id });
    expect(((await as('XMLRawlookup', { ip, all: '1' })).license as unknown[]).length).toBe(1);
    expect(await as('XMLsecverify', { ip })).toMatchObject({ licensed: '1' });
    await as('XMLonetimeext', { ip });
    expect(await as('XMLtransfer', { oldip: ip, newip, packageid: '1' })).toMatchObject({ newip });
    const group = await as('XMLgroupAdd', { group: 'Carol Servers' });
    await as('XMLgroupUpdate', { ip: newip, groupid: String(group.groupid) });
    await as('XMLpackageUpdate', { ip: newip, newpackageid: '2' });
    await as('XMLupdateActiveLicenseMetadata', { liscid: id, external_notes: 'moved' });
    expect(await as('XMLlicenseExpire', { liscid: `L${id}`, expcode: 'normal', reason: 'Normal Cancellation - No Security Risk' })).toMatchObject({ result: 'OK' });
    expect(await as('XMLlicenseReActivate', { liscid: id })).toMatchObject({ licenseid: id });
    const bobIp = nextIp();
    await addLicense(bobIp, 1, 1, 'bob');
    await as('XMLtransferRequest', { ip: bobIp, groupid: String(group.groupid), packageid: '1' });
    await as('XMLtransferRequest', { cancel: '1', ip: bobIp, groupid: String(group.groupid), packageid: '1' });
    await as('XMLaddPickupPass', { pickup: `${PASSPHRASE} for another server` });
    // The key belongs to carol: alice's licenses stay out of reach.
    expect(await call('XMLlicenseExpire', { liscid: String(await addLicense()), apikey }, { auth: null, format: 'json' })).toMatchObject({ status: 0 });
  });

  it('too many failed authentications: 429 with Retry-After, in the script’s format', async () => {
    const limited = await createAppHarness({ platform, env: { AUTH_FAILURE_LIMIT: '2' } });
    try {
      const codes: number[] = [];
      let last = await limited.http.get('/XMLlicenseInfo.cgi?apikey=ABCDEFGHIJKLMNOPQRST;output=json');
      for (let i = 0; i < 4 && last.status !== 429; i++) {
        codes.push(last.status);
        last = await limited.http.get('/XMLlicenseInfo.cgi?apikey=ABCDEFGHIJKLMNOPQRST;output=json');
      }
      expect(codes.every((c) => c === 401)).toBe(true);
      expect(last.status).toBe(429);
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      expect(last.body).toMatchObject({ status: 0 });
    } finally {
      await limited.close();
    }
  });

  /** A passphrase (through the library) traded for a key through XMLregisterAuth.cgi. */
  async function registerKey(service: string, privileges: string[]): Promise<{ key: string }> {
    const phrase = `${PASSPHRASE} ${service}`;
    await h.app.get(PickupPassphrasesService).create('alice', { passphrase: phrase, privileges: privileges as PrivilegeId[] });
    const r = await call('XMLregisterAuth', { user: 'alice', pickup: phrase, service }, { auth: null, format: 'json' });
    expect(r.status).toBe(1);
    return { key: String(r.key) };
  }
});
