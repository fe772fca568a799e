// The Manage2 face (/XML*.cgi) through the real app: every script in XML and JSON, `&` and `;`,
// GET and POST, prefixed and bare ids, Basic auth with the licensing realm, apikey, the
// permission-failure text, bad input that changes nothing, and the full key-registration flow.
import { XMLParser } from 'fast-xml-parser';
import { PickupPassphrasesService, type PrivilegeId } from 'nestjs-api-tokens';
import { LicensesService } from '../../apps/license-panel/src/licenses/licenses.service.js';
import { createAppHarness, PLATFORM_RUNS, type AppHarness } from './support/app-harness.js';

type Format = 'xml' | 'json';
type Answer = Record<string, unknown> & { status: number; reason: string };

const REALM = 'Basic realm="cPanel Licensing System"';
const PASSPHRASE = 'correct horse battery staple 42';
const SCRIPTS = [
  'XMLlicenseAdd',
  'XMLlicenseExpire',
  'XMLlicenseInfo',
  'XMLlookup',
  'XMLRawlookup',
  'XMLtransfer',
  'XMLlicenseReActivate',
  'XMLonetimeext',
  'XMLsecverify',
  'XMLgroupInfo',
  'XMLpackageInfo',
  'XMLaddPickupPass',
] as const;

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, isArray: (name) => name === 'license' });

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
  /** A key registered by alice with only "List active licenses" (scrypt is slow: one for the suite). */
  let listKey: string;
  let ipCounter = 0;
  /** A fresh public-looking address per use, so tests never share a license. */
  const nextIp = (): string => `198.51.100.${++ipCounter}`;
  const basic = (user: string, secret: string): [string, string] => ['Authorization', `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`];

  /** Calls a script and parses its answer (XML: the root's attributes and children), checking root, type and status. */
  async function call(script: string, params: Record<string, string> = {}, o: CallOptions = {}): Promise<Answer> {
    const format = o.format ?? 'xml';
    const pairs = Object.entries({ ...params, ...(format === 'json' ? { output: 'json' } : {}) }).map(
      ([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`,
    );
    const raw = pairs.join(o.sep ?? '&');
    let req = o.method === 'POST' ? h.http.post(`/${script}.cgi`).type('form').send(raw) : h.http.get(`/${script}.cgi${raw ? `?${raw}` : ''}`);
    const auth = o.auth === undefined ? alice : o.auth;
    if (auth) req = req.set(...auth);
    const res = await req;
    expect(res.status).toBe(o.status ?? 200);
    if (format === 'json') {
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      return res.body as Answer;
    }
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const doc = xml.parse(res.text) as Record<string, Record<string, unknown>>;
    const roots = Object.keys(doc).filter((k) => k !== '?xml');
    expect(roots).toEqual([script]);
    const body = doc[script]!;
    return { ...body, status: Number(body.status) } as Answer;
  }

  /** Everything a script could change. */
  async function state(): Promise<string> {
    const q = (sql: string): Promise<unknown[]> => h.dataSource.query(sql);
    return JSON.stringify([
      await q('SELECT * FROM licenses ORDER BY id'),
      await q('SELECT * FROM license_events ORDER BY id'),
      await q('SELECT id, owner, privileges FROM pickup_passphrases ORDER BY id'),
      await q('SELECT id, owner, ip, service, privileges FROM authorization_keys ORDER BY id'),
    ]);
  }

  async function addLicense(ip = nextIp(), packageId: string | number = 1, groupId?: number): Promise<number> {
    const r = await licenses.add('alice', { ip, packageId, groupId });
    return r.licenseId!;
  }

  beforeAll(async () => {
    // The suite refuses many credentials on purpose; the failure limiter has its own test below.
    h = await createAppHarness({ platform, env: { AUTH_FAILURE_LIMIT: '0' } });
    licenses = h.app.get(LicensesService);
    alice = (await h.login('alice')).auth;
    listKey = (await registerKey('list-key', ['list'])).key;
  });

  afterAll(async () => {
    await h?.close();
  });

  // Every script, in both formats: XML over GET with `&`, JSON over POST with `;`.
  describe.each([
    ['xml', 'GET', '&'],
    ['json', 'POST', ';'],
  ] as const)('each script in %s (%s, "%s")', (format, method, sep) => {
    const run = (script: string, params: Record<string, string>): Promise<Answer> => call(script, params, { format, method, sep });

    it('XMLlicenseAdd adds a license (prefixed package and group ids), and dryrun changes nothing', async () => {
      const ip = nextIp();
      const before = await state();
      const dry = await run('XMLlicenseAdd', { ip, packageid: 'P2', groupid: 'G2', dryrun: '1', legal: '1' });
      expect(dry).toMatchObject({ status: 1, dryrun: '1' });
      expect(await state()).toBe(before);
      const r = await run('XMLlicenseAdd', { ip, packageid: 'P2', groupid: 'G2', legal: '1' });
      expect(r).toMatchObject({ status: 1, ip, packageid: '2', groupid: '2' });
      expect(r.reason).toContain('added');
      const view = await licenses.get('alice', Number(r.licenseid));
      expect(view).toMatchObject({ ip, packageId: 2, groupId: 2, status: 'active' });
    });

    it('XMLlicenseExpire expires a license and keeps it', async () => {
      const id = await addLicense();
      const r = await run('XMLlicenseExpire', { liscid: `L${id}`, reason: 'moved away', expcode: 'other' });
      expect(r).toMatchObject({ status: 1, result: 'OK', licenseid: String(id) });
      expect(await licenses.get('alice', id)).toMatchObject({ status: 'expired', expireReason: 'moved away', expireCode: 'other' });
    });

    it('XMLlicenseInfo lists licenses keyed by prefixed id, filtered by group and package', async () => {
      const id = await addLicense(nextIp(), 3, 3);
      const other = await addLicense(nextIp(), 1, 1);
      const r = await run('XMLlicenseInfo', { groupid: 'G3', package: 'P3' });
      expect(r).toMatchObject({ status: 1, reason: 'OK' });
      const listed = r.licenses as Record<string, Record<string, string>>;
      expect(listed[`L${id}`]).toMatchObject({ licenseid: String(id), groupid: '3', packageid: '3', status: 'active' });
      expect(listed[`L${id}`]?.adddate).toMatch(/^\d{10}$/);
      expect(listed[`L${other}`]).toBeUndefined();
      await licenses.expire('alice', { licenseId: other });
      const expired = (await run('XMLlicenseInfo', { expired: '1' })).licenses as Record<string, Record<string, string>>;
      expect(expired[`L${other}`]).toMatchObject({ status: 'expired' });
      expect(expired[`L${id}`]).toBeUndefined();
    });

    it('XMLlookup answers the license id of an IP', async () => {
      const ip = nextIp();
      const id = await addLicense(ip);
      expect(await run('XMLlookup', { ip })).toMatchObject({ status: 1, reason: 'OK', licenseid: String(id) });
      expect(await run('XMLlookup', { ip: nextIp() })).toMatchObject({ status: 0, licenseid: '0' });
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
      expect((all.license as Record<string, string>[]).map((l) => [l.licenseid, l.ip, l.status])).toEqual([
        [String(a), ip, 'active'],
        [String(b), ip, 'expired'],
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
      expect(r).toMatchObject({ status: 1, ip });
      const after = (await licenses.get('alice', id)).updatesExpireAt!.getTime();
      expect(after).toBeGreaterThan(before);
      expect((r.licenses as Record<string, Record<string, string>>)[`L${id}`]?.updateexpiretime).toBe(String(after / 1000));
    });

    it('XMLsecverify answers risk data for an IP or a license id', async () => {
      const ip = nextIp();
      const id = await addLicense(ip);
      const byIp = await run('XMLsecverify', { ip });
      expect(byIp).toMatchObject({ status: 1, reason: 'Risk Data Fetched', ip, licensed: '1', risklevel: 'low' });
      expect(byIp.risk).toMatch(/^\d+$/);
      expect(await run('XMLsecverify', { liscid: `L${id}` })).toMatchObject({ status: 1, ip, licenseid: String(id) });
      expect(await run('XMLsecverify', { ip: nextIp() })).toMatchObject({ status: 1, licensed: '0' });
    });

    it('XMLgroupInfo and XMLpackageInfo list names by prefixed id (expand: objects)', async () => {
      expect(await run('XMLgroupInfo', {})).toMatchObject({ status: 1, reason: 'OK', groups: { G1: 'Default' } });
      expect(await run('XMLgroupInfo', { expand: '1' })).toMatchObject({ groups: { G1: { groupid: '1', name: 'Default' } } });
      const packages = await run('XMLpackageInfo', {});
      expect(packages).toMatchObject({ status: 1, reason: 'OK' });
      expect(Object.keys(packages.packages as object)).toEqual(expect.arrayContaining(['P1', 'P2', 'P3']));
      expect(await run('XMLpackageInfo', { expand: '1' })).toMatchObject({ packages: { P1: { packageid: '1' } } });
    });

    it('XMLaddPickupPass and XMLregisterAuth trade a passphrase for a key bound to the caller', async () => {
      const phrase = `${PASSPHRASE} ${format}`;
      const added = await run('XMLaddPickupPass', { pickup: phrase, privileges: 'list,search' });
      expect(added).toMatchObject({ status: 1, reason: 'Successfully added pickup phrase.', privileges: 'list,search' });
      const r = await call('XMLregisterAuth', { user: 'alice', pickup: phrase, service: `svc-${format}` }, { format, method, sep, auth: null });
      expect(r).toMatchObject({ status: 1, reason: `Successfully registered svc-${format} on 127.0.0.1`, ip: '127.0.0.1' });
      expect(r.key).toMatch(/^.{20}$/);
      expect((await call('XMLlicenseInfo', { apikey: String(r.key) }, { format, auth: null })).status).toBe(1);
    });
  });

  describe('parameters', () => {
    it('accepts `;` in a GET query, including the apikey', async () => {
      const key = listKey;
      const res = await h.http.get(`/XMLgroupInfo.cgi?apikey=${key};OUTPUT=Json`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 1, groups: { G1: 'Default' } });
    });

    it('accepts `;` in a POST form body, including the apikey', async () => {
      const key = listKey;
      const res = await h.http.post('/XMLpackageInfo.cgi').type('form').send(`output=json;apikey=${key}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 1, reason: 'OK' });
    });

    it('reads output=json in any case and is XML otherwise', async () => {
      expect((await h.http.get('/XMLgroupInfo.cgi?Output=JSON').set(...alice)).headers['content-type']).toMatch(/json/);
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

    it('refuses other methods with 405', async () => {
      const res = await h.http.put('/XMLlicenseInfo.cgi').set(...alice);
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, POST');
    });
  });

  describe('authentication', () => {
    it.each(SCRIPTS)('%s without credentials: 401 with the licensing realm, in the script’s format', async (script) => {
      const res = await h.http.get(`/${script}.cgi`);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe(REALM);
      expect(xml.parse(res.text)[script]).toMatchObject({ status: '0' });
    });

    it('answers 401 in JSON when asked, and for a bad apikey or key of another user', async () => {
      const json = await h.http.get('/XMLlicenseInfo.cgi?output=json');
      expect(json.status).toBe(401);
      expect(json.body).toMatchObject({ status: 0 });
      expect((await h.http.get('/XMLlicenseInfo.cgi?apikey=ABCDEFGHIJKLMNOPQRST')).status).toBe(401);
      const key = listKey;
      const res = await h.http.get('/XMLlicenseInfo.cgi').set(...basic('bob', key));
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe(REALM);
    });

    it('accepts Basic user:key, Basic user:token and apikey in query or form', async () => {
      const key = listKey;
      const token = await h.mintToken('alice', ['list']);
      expect((await call('XMLlicenseInfo', {}, { auth: basic('alice', key) })).status).toBe(1);
      expect((await call('XMLlicenseInfo', {}, { auth: basic('alice', token) })).status).toBe(1);
      expect((await call('XMLlicenseInfo', { apikey: key }, { auth: null })).status).toBe(1);
      expect((await call('XMLlicenseInfo', { apikey: key }, { auth: null, method: 'POST' })).status).toBe(1);
    });

    it('XMLregisterAuth refuses a wrong passphrase with status 0 and registers nothing', async () => {
      await h.app.get(PickupPassphrasesService).create('alice', { passphrase: `${PASSPHRASE} wrong-test`, privileges: ['list'] });
      const before = await state();
      const r = await call('XMLregisterAuth', { user: 'alice', pickup: 'not the passphrase at all', service: 'svc' }, { auth: null, format: 'json' });
      expect(r).toMatchObject({ status: 0, reason: 'Registration failed: the user name or the pickup passphrase is not correct.' });
      expect(await state()).toBe(before);
    });
  });

  describe('privileges', () => {
    const ACCESS: Record<(typeof SCRIPTS)[number], string> = {
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
      XMLaddPickupPass: 'addpickuppass',
    };

    it.each(SCRIPTS)('%s refuses a credential without its privilege (HTTP 200, Manage2’s text) and changes nothing', async (script) => {
      const id = await addLicense();
      const token = await h.mintToken('alice', ['apitokens']);
      const before = await state();
      const r = await call(
        script,
        { ip: nextIp(), oldip: nextIp(), newip: nextIp(), packageid: '1', liscid: String(id), pickup: `${PASSPHRASE} denied` },
        { auth: basic('alice', token), format: 'json' },
      );
      expect(r).toEqual({ status: 0, reason: `alice is not allowed to access ${ACCESS[script]}.` });
      expect(await state()).toBe(before);
    });

    it('a key holds only its passphrase’s privileges', async () => {
      const key = listKey;
      const r = await call('XMLsecverify', { ip: nextIp(), apikey: key }, { auth: null, format: 'json' });
      expect(r).toEqual({ status: 0, reason: 'alice is not allowed to access secverify.' });
      expect(await call('XMLsecverify', { ip: nextIp(), apikey: key }, { auth: null })).toMatchObject({ status: 0, reason: 'alice is not allowed to access secverify.' });
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
    beforeAll(async () => {
      usedIp = nextIp();
      licensed = await addLicense(usedIp);
    });

    const cases: [string, () => Record<string, string>, string][] = [
      ['XMLlicenseAdd', () => ({ packageid: 'P1' }), '“ip”'],
      ['XMLlicenseAdd', () => ({ ip: 'not-an-ip', packageid: '1' }), 'ip: '],
      ['XMLlicenseAdd', () => ({ ip: '127.0.0.1', packageid: '1' }), 'ip: '],
      ['XMLlicenseAdd', () => ({ ip: nextIp() }), '“packageid”'],
      ['XMLlicenseAdd', () => ({ ip: nextIp(), packageid: 'P999' }), 'packageid: '],
      ['XMLlicenseAdd', () => ({ ip: nextIp(), packageid: '1', groupid: 'Gx' }), 'groupid: '],
      ['XMLlicenseAdd', () => ({ ip: nextIp(), packageid: '1', force: 'perhaps' }), '“force”'],
      ['XMLlicenseAdd', () => ({ ip: usedIp, packageid: '1' }), 'use force'],
      ['XMLlicenseExpire', () => ({}), '“liscid”'],
      ['XMLlicenseExpire', () => ({ liscid: 'X12' }), 'liscid: '],
      ['XMLlicenseExpire', () => ({ liscid: String(licensed), expcode: 'bogus' }), 'expcode: '],
      ['XMLlicenseExpire', () => ({ liscid: 'L999999' }), '“L999999” does not exist'],
      ['XMLlicenseInfo', () => ({ groupid: 'G999' }), 'groupid: '],
      ['XMLlicenseInfo', () => ({ package: 'no such package' }), 'package: '],
      ['XMLlicenseInfo', () => ({ expired: 'sometimes' }), '“expired”'],
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
      const format: Format = i % 2 === 0 ? 'xml' : 'json';
      const r = await call(script, params(), { format, auth: script === 'XMLregisterAuth' ? null : alice });
      expect(r.status).toBe(0);
      expect(r.reason).toContain(text);
      expect(await state()).toBe(before);
    });
  });

  it('an existing Manage2 client registers a key with a pickup passphrase, then calls every script with apikey', async () => {
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
    const as = (script: string, params: Record<string, string>): Promise<Answer> => call(script, { ...params, apikey }, { auth: null, sep: ';' });

    const [ip, newip] = [nextIp(), nextIp()];
    const added = await as('XMLlicenseAdd', { ip, packageid: 'P1', groupid: 'G1', legal: '1' });
    expect(added).toMatchObject({ status: 1, ip });
    const id = String(added.licenseid);
    expect(await as('XMLgroupInfo', {})).toMatchObject({ status: 1 });
    expect(await as('XMLpackageInfo', {})).toMatchObject({ status: 1 });
    expect(Object.keys((await as('XMLlicenseInfo', {})).licenses as object)).toEqual([`L${id}`]);
    expect(await as('XMLlookup', { ip })).toMatchObject({ status: 1, licenseid: id });
    expect(((await as('XMLRawlookup', { ip })).license as unknown[]).length).toBe(1);
    expect(await as('XMLsecverify', { ip })).toMatchObject({ status: 1, licensed: '1' });
    expect(await as('XMLonetimeext', { ip })).toMatchObject({ status: 1 });
    expect(await as('XMLtransfer', { oldip: ip, newip })).toMatchObject({ status: 1, newip });
    expect(await as('XMLlicenseExpire', { liscid: `L${id}`, expcode: 'normal' })).toMatchObject({ status: 1, result: 'OK' });
    expect(await as('XMLlicenseReActivate', { liscid: id })).toMatchObject({ status: 1, licenseid: id });
    expect(await as('XMLaddPickupPass', { pickup: `${PASSPHRASE} for another server` })).toMatchObject({ status: 1 });
    // The key belongs to carol: alice's licenses stay out of reach.
    expect(await as('XMLlicenseExpire', { liscid: String(await addLicense()) })).toMatchObject({ status: 0 });
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
