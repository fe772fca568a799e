// The license domain through its REST face (/api/licenses, /api/groups, /api/packages) on the
// real app: every endpoint, each privilege refusal, each licensing rule, each kind of bad input,
// and the OpenAPI document. The main suite runs on SQLite; the transactional rules run again on
// SQLite, PostgreSQL and MariaDB at the end.
import type { Response, Test } from 'supertest';
import { LICENSE_PRIVILEGES } from '../../apps/license-panel/src/privileges.js';
import { createAppHarness, PLATFORM_RUNS, type AppHarness, type HarnessLogin } from './support/app-harness.js';
import { DB_KINDS } from '../support/databases.js';

const DAY = 86_400_000;
const ALL = LICENSE_PRIVILEGES.map((p) => p.id);

let nextHost = 1;
/** A fresh documentation address per use, so tests never share an IP by accident. */
function freshIp(): string {
  const n = nextHost++;
  return n < 250 ? `203.0.113.${n}` : `198.51.100.${n - 249}`;
}

interface LicenseBody {
  id: number;
  ip: string;
  status: 'active' | 'expired';
  packageId: number;
  groupId: number;
  expireCode: string | null;
  expireReason: string | null;
  expiredOn: string | null;
  updatesExpireAt: string;
  addedAt: string;
  transferCount: number;
}

/** Every license and history row: "nothing changed" means this is identical before and after. */
async function snapshot(h: AppHarness): Promise<unknown> {
  return {
    licenses: await h.dataSource.query('SELECT * FROM licenses ORDER BY id'),
    events: await h.count('license_events'),
  };
}

/** Sends the request and expects `status` with a body matching `body`, and nothing changed in the tables. */
async function answersUnchanged(h: AppHarness, send: () => PromiseLike<Response>, status: number, body: object): Promise<Response> {
  const before = await snapshot(h);
  const res = await send();
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject(body);
  expect(await snapshot(h)).toEqual(before);
  return res;
}

describe.each(PLATFORM_RUNS)('Licenses REST, $name', ({ platform }) => {
  let h: AppHarness;
  let alice: HarnessLogin;
  let bob: HarnessLogin;

  beforeAll(async () => {
    h = await createAppHarness({ platform });
    alice = await h.login('alice');
    bob = await h.login('bob');
  });

  afterAll(async () => {
    await h?.close();
  });

  const add = (who: HarnessLogin, body: Record<string, unknown>): Test => h.http.post('/api/licenses').set(...who.auth).send(body);
  const post = (who: HarnessLogin, path: string, body: Record<string, unknown> = {}): Test =>
    h.http.post(`/api/licenses${path}`).set(...who.auth).send(body);
  const get = (who: HarnessLogin, path: string): Test => h.http.get(path).set(...who.auth);

  async function added(who: HarnessLogin, body: Record<string, unknown>): Promise<LicenseBody> {
    const res = await add(who, body);
    expect(res.status).toBe(201);
    return res.body.license as LicenseBody;
  }

  async function licenseRow(id: number): Promise<LicenseBody> {
    const res = await get(alice, `/api/licenses/${id}`);
    expect(res.status).toBe(200);
    return res.body as LicenseBody;
  }

  describe('groups and packages', () => {
    it('are seeded on first start', async () => {
      const groups = await get(alice, '/api/groups').expect(200);
      expect(groups.body).toEqual([
        { id: 1, name: 'Default', taxable: false, shared: true },
        { id: 2, name: 'Production', taxable: false, shared: true },
        { id: 3, name: 'Staging', taxable: false, shared: true },
      ]);
      const packages = await get(alice, '/api/packages').expect(200);
      expect(packages.body.map((p: { name: string }) => p.name)).toEqual(['cPanel Solo', 'cPanel Admin', 'cPanel Pro', 'cPanel Premier']);
    });
  });

  describe('add', () => {
    it('adds a license with a normalized IP, its group and package, and a year of updates', async () => {
      const before = await h.count('licenses');
      const res = await add(alice, { ip: '::ffff:203.0.113.200', packageId: 3, groupId: 2, hostname: 'Server1.Example.com' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ dryrun: false, reactivated: false, replaced: [] });
      const license = res.body.license as LicenseBody & { hostname: string; groupName: string; packageName: string };
      expect(res.body.licenseId).toBe(license.id);
      expect(license).toMatchObject({
        ip: '203.0.113.200',
        hostname: 'server1.example.com',
        groupId: 2,
        groupName: 'Production',
        packageId: 3,
        packageName: 'cPanel Pro',
        status: 'active',
        expiredOn: null,
        transferCount: 0,
      });
      expect(Date.parse(license.updatesExpireAt) - Date.parse(license.addedAt)).toBe(365 * DAY);
      expect(Math.abs(Date.parse(license.addedAt) - Date.now())).toBeLessThan(5000);
      expect(res.body.reason).toContain(`L${license.id}`);
      expect(await h.count('licenses')).toBe(before + 1);
      expect(await licenseRow(license.id)).toEqual(license);
    });

    it('files a license without a group under the first group, and normalizes IPv6', async () => {
      const license = await added(alice, { ip: '2001:DB8:0:0::A', packageId: 1 });
      expect(license).toMatchObject({ ip: '2001:db8::a', groupId: 1 });
    });

    it('refuses a second active license for the same IP and package, and changes nothing', async () => {
      const ip = freshIp();
      const first = await added(alice, { ip, packageId: 3 });
      const before = await snapshot(h);
      const res = await add(alice, { ip, packageId: 3 });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: 'LICENSE_EXISTS', field: 'ip' });
      expect(res.body.message).toContain(`L${first.id}`);
      expect(await snapshot(h)).toEqual(before);
    });

    it('allows another package on the same IP', async () => {
      const ip = freshIp();
      await added(alice, { ip, packageId: 3 });
      await added(alice, { ip, packageId: 4 });
      expect(await h.count('licenses', `ip = '${ip}' AND status = 'active'`)).toBe(2);
    });

    it('with force, replaces your active license in one step (it is expired, not deleted)', async () => {
      const ip = freshIp();
      const first = await added(alice, { ip, packageId: 3 });
      const res = await add(alice, { ip, packageId: 3, force: true });
      expect(res.status).toBe(201);
      expect(res.body.replaced).toEqual([first.id]);
      const old = await licenseRow(first.id);
      expect(old).toMatchObject({ status: 'expired', expireCode: 'normal' });
      expect(old.expireReason).toContain('Replaced');
      expect(await h.count('licenses', `ip = '${ip}' AND package_id = 3 AND status = 'active'`)).toBe(1);
      expect(await h.count('licenses', `ip = '${ip}'`)).toBe(2);
    });

    it('never replaces another account’s license, even with force', async () => {
      const ip = freshIp();
      await added(bob, { ip, packageId: 2 });
      const before = await snapshot(h);
      for (const force of [false, true]) {
        const res = await add(alice, { ip, packageId: 2, force });
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ error: 'LICENSE_HELD_ELSEWHERE', field: 'ip' });
      }
      expect(await snapshot(h)).toEqual(before);
    });

    it('dryrun answers as if it had added, and writes nothing', async () => {
      const ip = freshIp();
      const before = await snapshot(h);
      const res = await add(alice, { ip, packageId: 3, dryrun: true });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ dryrun: true, licenseId: null, license: { ip, packageId: 3, status: 'active' } });
      expect(res.body.reason).toMatch(/^Dry run/);
      expect(await snapshot(h)).toEqual(before);
    });

    it('dryrun still refuses what the real call would refuse', async () => {
      const ip = freshIp();
      await added(alice, { ip, packageId: 3 });
      const before = await snapshot(h);
      await add(alice, { ip, packageId: 3, dryrun: true }).expect(409);
      const forced = await add(alice, { ip, packageId: 3, dryrun: true, force: true });
      expect(forced.status).toBe(201);
      expect(forced.body.replaced).toHaveLength(1);
      expect(await snapshot(h)).toEqual(before);
    });

    it('with reactivateOk, reactivates your expired license of that IP and package instead of adding one', async () => {
      const ip = freshIp();
      const first = await added(alice, { ip, packageId: 1 });
      await post(alice, `/${first.id}/expire`).expect(200);
      const before = await h.count('licenses');
      const res = await add(alice, { ip, packageId: 1, reactivateOk: true });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ licenseId: first.id, reactivated: true, license: { id: first.id, status: 'active', expireCode: null } });
      expect(await h.count('licenses')).toBe(before);
    });
  });

  describe('list and get', () => {
    it('lists your active licenses, or with expired=1 your expired ones, filtered by group and package', async () => {
      const ip = freshIp();
      const a = await added(alice, { ip, packageId: 1, groupId: 3 });
      const b = await added(alice, { ip, packageId: 2, groupId: 3 });
      await post(alice, `/${b.id}/expire`).expect(200);

      const active = (await get(alice, '/api/licenses').expect(200)).body as LicenseBody[];
      expect(active.every((l) => l.status === 'active')).toBe(true);
      expect(active.map((l) => l.id)).toContain(a.id);
      expect(active.map((l) => l.id)).not.toContain(b.id);

      const expired = (await get(alice, '/api/licenses?expired=1').expect(200)).body as LicenseBody[];
      expect(expired.every((l) => l.status === 'expired')).toBe(true);
      expect(expired.map((l) => l.id)).toContain(b.id);

      const inGroup = (await get(alice, '/api/licenses?groupId=3').expect(200)).body as LicenseBody[];
      expect(inGroup.map((l) => l.id)).toEqual([a.id]);
      const ofPackage = (await get(alice, '/api/licenses?groupId=3&packageId=2&expired=true').expect(200)).body as LicenseBody[];
      expect(ofPackage.map((l) => l.id)).toEqual([b.id]);
    });

    it('shows an account only its own licenses', async () => {
      const theirs = await added(bob, { ip: freshIp(), packageId: 1 });
      const mine = (await get(alice, '/api/licenses').expect(200)).body as LicenseBody[];
      expect(mine.map((l) => l.id)).not.toContain(theirs.id);
      const res = await get(alice, `/api/licenses/${theirs.id}`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: 'NOT_FOUND', field: 'licenseId' });
      expect((await get(bob, `/api/licenses/L${theirs.id}`).expect(200)).body.id).toBe(theirs.id);
    });
  });

  describe('expire', () => {
    it('expires with reason and code and keeps the record', async () => {
      const license = await added(alice, { ip: freshIp(), packageId: 3 });
      const res = await post(alice, `/L${license.id}/expire`, { reason: 'Server decommissioned', code: 'shutoff' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        dryrun: false,
        licenseId: license.id,
        license: { status: 'expired', expireReason: 'Server decommissioned', expireCode: 'shutoff' },
      });
      const row = await licenseRow(license.id);
      expect(row).toMatchObject({ status: 'expired', expireCode: 'shutoff', ip: license.ip });
      expect(row.expiredOn).not.toBeNull();
    });

    it('defaults to code normal, frees the IP for a new license, and refuses to expire twice', async () => {
      const ip = freshIp();
      const license = await added(alice, { ip, packageId: 3 });
      expect((await post(alice, `/${license.id}/expire`).expect(200)).body.license.expireCode).toBe('normal');
      await answersUnchanged(h, () => post(alice, `/${license.id}/expire`), 409, { error: 'ALREADY_EXPIRED', field: 'licenseId' });
      await added(alice, { ip, packageId: 3 });
    });

    it('dryrun changes nothing', async () => {
      const license = await added(alice, { ip: freshIp(), packageId: 3 });
      await answersUnchanged(h, () => post(alice, `/${license.id}/expire`, { dryrun: true, code: 'fraud' }), 200, { dryrun: true, license: { status: 'expired', expireCode: 'fraud' } });
      expect((await licenseRow(license.id)).status).toBe('active');
    });

    it('cannot expire another account’s license', async () => {
      const theirs = await added(bob, { ip: freshIp(), packageId: 3 });
      const before = await snapshot(h);
      await post(alice, `/${theirs.id}/expire`).expect(404);
      expect(await snapshot(h)).toEqual(before);
    });
  });

  describe('reactivate', () => {
    it('reactivates an expired license and clears its expiry', async () => {
      const license = await added(alice, { ip: freshIp(), packageId: 3 });
      await post(alice, `/${license.id}/expire`, { code: 'noverify' }).expect(200);
      const res = await post(alice, `/${license.id}/reactivate`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ licenseId: license.id, replaced: [], license: { status: 'active', expireCode: null, expiredOn: null } });
      expect((await licenseRow(license.id)).status).toBe('active');
    });

    it('refuses an active license', async () => {
      const license = await added(alice, { ip: freshIp(), packageId: 3 });
      await answersUnchanged(h, () => post(alice, `/${license.id}/reactivate`), 409, { error: 'NOT_EXPIRED', field: 'licenseId' });
    });

    it('obeys the one-active rule unless forced, and dryrun changes nothing', async () => {
      const ip = freshIp();
      const old = await added(alice, { ip, packageId: 3 });
      await post(alice, `/${old.id}/expire`).expect(200);
      const current = await added(alice, { ip, packageId: 3 });
      const before = await snapshot(h);
      const refused = await post(alice, `/${old.id}/reactivate`);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ error: 'LICENSE_EXISTS', field: 'licenseId' });
      const dry = await post(alice, `/${old.id}/reactivate`, { force: true, dryrun: true });
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({ dryrun: true, replaced: [current.id] });
      expect(await snapshot(h)).toEqual(before);

      const forced = await post(alice, `/${old.id}/reactivate`, { force: true });
      expect(forced.status).toBe(200);
      expect(forced.body.replaced).toEqual([current.id]);
      expect((await licenseRow(current.id)).status).toBe('expired');
      expect((await licenseRow(old.id)).status).toBe('active');
    });

    it('cannot take an IP another account licenses, even with force', async () => {
      const ip = freshIp();
      const mine = await added(alice, { ip, packageId: 4 });
      await post(alice, `/${mine.id}/expire`).expect(200);
      await added(bob, { ip, packageId: 4 });
      const res = await post(alice, `/${mine.id}/reactivate`, { force: true });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('LICENSE_HELD_ELSEWHERE');
    });
  });

  describe('transfer', () => {
    it('moves the license (same id) to the new IP and counts the transfer', async () => {
      const oldIp = freshIp();
      const newIp = freshIp();
      const license = await added(alice, { ip: oldIp, packageId: 3 });
      const res = await post(alice, '/transfer', { oldIp, newIp });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ licenseId: license.id, oldIp, newIp, packageId: 3, license: { ip: newIp, transferCount: 1, status: 'active' } });
      expect(await h.count('licenses', `ip = '${oldIp}' AND status = 'active'`)).toBe(0);
      expect((await licenseRow(license.id)).ip).toBe(newIp);
    });

    it('refuses a new IP that already has an active license of the package unless forced (yours only)', async () => {
      const oldIp = freshIp();
      const newIp = freshIp();
      const moving = await added(alice, { ip: oldIp, packageId: 3 });
      const there = await added(alice, { ip: newIp, packageId: 3 });
      await answersUnchanged(h, () => post(alice, '/transfer', { oldIp, newIp }), 409, { error: 'LICENSE_EXISTS', field: 'newIp' });

      const forced = await post(alice, '/transfer', { oldIp, newIp, force: true });
      expect(forced.status).toBe(200);
      expect(forced.body.replaced).toEqual([there.id]);
      expect((await licenseRow(there.id)).status).toBe('expired');
      expect((await licenseRow(moving.id)).ip).toBe(newIp);

      const bobIp = freshIp();
      await added(bob, { ip: bobIp, packageId: 3 });
      const elsewhere = await post(alice, '/transfer', { oldIp: newIp, newIp: bobIp, force: true });
      expect(elsewhere.status).toBe(409);
      expect(elsewhere.body).toMatchObject({ error: 'LICENSE_HELD_ELSEWHERE', field: 'newIp' });
    });

    it('needs the package when you hold several licenses on the old IP', async () => {
      const oldIp = freshIp();
      const newIp = freshIp();
      await added(alice, { ip: oldIp, packageId: 1 });
      const pro = await added(alice, { ip: oldIp, packageId: 3 });
      await answersUnchanged(h, () => post(alice, '/transfer', { oldIp, newIp }), 400, { error: 'AMBIGUOUS_LICENSE', field: 'packageId' });
      const ok = await post(alice, '/transfer', { oldIp, newIp, packageId: 3 });
      expect(ok.status).toBe(200);
      expect(ok.body.licenseId).toBe(pro.id);
    });

    it('dryrun changes nothing', async () => {
      const oldIp = freshIp();
      const newIp = freshIp();
      await added(alice, { ip: oldIp, packageId: 3 });
      const res = await answersUnchanged(h, () => post(alice, '/transfer', { oldIp, newIp, dryrun: true }), 200, { dryrun: true, newIp, license: { ip: newIp } });
    });

    it.each([
      [{ newIp: '198.51.100.250' }, 404, 'oldIp'],
      [{ newIp: 'not-an-ip' }, 400, 'newIp'],
      [{ newIp: '127.0.0.1' }, 400, 'newIp'],
      [{ newIp: '0.0.0.0' }, 400, 'newIp'],
      [{ newIp: 'same' }, 400, 'newIp'],
    ])('refuses %p (%i, field %s) and changes nothing', async (change, status, field) => {
      const oldIp = freshIp();
      if (status !== 404) await added(alice, { ip: oldIp, packageId: 3 });
      const before = await snapshot(h);
      const newIp = change.newIp === 'same' ? oldIp : change.newIp;
      const res = await post(alice, '/transfer', { oldIp: status === 404 ? freshIp() : oldIp, newIp });
      expect(res.status).toBe(status);
      expect(res.body.field).toBe(field);
      expect(await snapshot(h)).toEqual(before);
    });
  });

  describe('extend one-time updates', () => {
    it('pushes the end of updates forward by 365 days from the current end', async () => {
      const ip = freshIp();
      const license = await added(alice, { ip, packageId: 3 });
      const res = await post(alice, '/extend-updates', { ip });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ip, days: 365, dryrun: false });
      expect(res.body.licenses).toEqual([
        { licenseId: license.id, previousUpdatesExpireAt: license.updatesExpireAt, updatesExpireAt: new Date(Date.parse(license.updatesExpireAt) + 365 * DAY).toISOString() },
      ]);
      expect((await licenseRow(license.id)).updatesExpireAt).toBe(res.body.licenses[0].updatesExpireAt);
    });

    it('counts from now when updates have already lapsed', async () => {
      const ip = freshIp();
      const license = await added(alice, { ip, packageId: 3 });
      await h.dataSource.query(`UPDATE licenses SET updates_expire_at = ${Date.now() - 100 * DAY} WHERE id = ${license.id}`);
      const res = await post(alice, '/extend-updates', { ip });
      expect(res.status).toBe(200);
      expect(Math.abs(Date.parse(res.body.licenses[0].updatesExpireAt) - (Date.now() + 365 * DAY))).toBeLessThan(5000);
    });

    it('extends one package when given, and dryrun changes nothing', async () => {
      const ip = freshIp();
      await added(alice, { ip, packageId: 1 });
      const pro = await added(alice, { ip, packageId: 3 });
      const before = await snapshot(h);
      const dry = await post(alice, '/extend-updates', { ip, packageId: 3, dryrun: true });
      expect(dry.status).toBe(200);
      expect(dry.body.licenses.map((l: { licenseId: number }) => l.licenseId)).toEqual([pro.id]);
      expect(await snapshot(h)).toEqual(before);
      const all = await post(alice, '/extend-updates', { ip });
      expect(all.body.licenses).toHaveLength(2);
    });

    it('answers 404 when you have no active license on the IP', async () => {
      const theirs = freshIp();
      await added(bob, { ip: theirs, packageId: 3 });
      const res = await post(alice, '/extend-updates', { ip: theirs });
      expect(res.status).toBe(404);
      expect(res.body.field).toBe('ip');
    });
  });

  describe('search', () => {
    it('finds every license of yours on the IP, active and expired, filterable by package', async () => {
      const ip = freshIp();
      const a = await added(alice, { ip, packageId: 1 });
      const b = await added(alice, { ip, packageId: 3 });
      await post(alice, `/${a.id}/expire`).expect(200);
      await added(bob, { ip, packageId: 2 });

      const all = (await get(alice, `/api/licenses/search?ip=${ip}`).expect(200)).body as LicenseBody[];
      expect(all.map((l) => [l.id, l.status])).toEqual([
        [a.id, 'expired'],
        [b.id, 'active'],
      ]);
      const activeOnly = (await get(alice, `/api/licenses/search?ip=${ip}&includeExpired=0`).expect(200)).body as LicenseBody[];
      expect(activeOnly.map((l) => l.id)).toEqual([b.id]);
      const ofPackage = (await get(alice, `/api/licenses/search?ip=${ip}&packageId=1`).expect(200)).body as LicenseBody[];
      expect(ofPackage.map((l) => l.id)).toEqual([a.id]);
      expect((await get(alice, `/api/licenses/search?ip=${freshIp()}`).expect(200)).body).toEqual([]);
    });

    it('matches the normalized address', async () => {
      const license = await added(alice, { ip: '2001:db8::5:1', packageId: 3 });
      const found = (await get(alice, '/api/licenses/search?ip=2001:0DB8:0000::5:1').expect(200)).body as LicenseBody[];
      expect(found.map((l) => l.id)).toEqual([license.id]);
    });
  });

  describe('security verification', () => {
    it('answers licensed and a low risk for a freshly licensed IP', async () => {
      const ip = freshIp();
      const license = await added(alice, { ip, packageId: 3 });
      const res = await get(alice, `/api/licenses/verify?ip=${ip}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        reason: 'Risk Data Fetched',
        ip,
        licenseId: null,
        licensed: true,
        activeLicenseIds: [license.id],
        risk: 0,
        riskLevel: 'low',
        factors: { fraudOrChargeback: 0, complianceExpiries: 0, recentTransfers: 0, recentAdds: 1 },
      });
    });

    it('answers not licensed for an unknown IP', async () => {
      const res = await get(alice, `/api/licenses/verify?ip=${freshIp()}`).expect(200);
      expect(res.body).toMatchObject({ licensed: false, activeLicenseIds: [], risk: 0 });
    });

    it('derives the risk from the IP’s history on every account, by the documented formula', async () => {
      const ip = freshIp();
      const elsewhere = freshIp();
      const fraud = await added(bob, { ip, packageId: 1 });
      await post(bob, `/${fraud.id}/expire`, { code: 'fraud' }).expect(200);
      const shut = await added(alice, { ip, packageId: 2 });
      await post(alice, `/${shut.id}/expire`, { code: 'shutoff' }).expect(200);
      const moving = await added(alice, { ip: elsewhere, packageId: 3 });
      await post(alice, '/transfer', { oldIp: elsewhere, newIp: ip }).expect(200);

      const res = await get(alice, `/api/licenses/verify?ip=${ip}`).expect(200);
      // fraud 40 + shutoff 10 + one transfer 10 + (2 adds on the IP − 1) × 5 = 65
      expect(res.body).toMatchObject({
        licensed: true,
        activeLicenseIds: [moving.id],
        factors: { fraudOrChargeback: 1, complianceExpiries: 1, recentTransfers: 1, recentAdds: 2 },
        risk: 65,
        riskLevel: 'high',
      });
      // The old IP keeps its transfer in its record.
      expect((await get(alice, `/api/licenses/verify?ip=${elsewhere}`).expect(200)).body).toMatchObject({ licensed: false, factors: { recentTransfers: 1 } });
      // Bob sees the same risk, but none of Alice's license ids.
      expect((await get(bob, `/api/licenses/verify?ip=${ip}`).expect(200)).body).toMatchObject({ licensed: true, activeLicenseIds: [], risk: 65 });
    });

    it('verifies by license id (yours only)', async () => {
      const ip = freshIp();
      const license = await added(alice, { ip, packageId: 3 });
      const res = await get(alice, `/api/licenses/verify?licenseId=L${license.id}`).expect(200);
      expect(res.body).toMatchObject({ ip, licenseId: license.id, licensed: true });
      expect((await get(bob, `/api/licenses/verify?licenseId=${license.id}`)).status).toBe(404);
    });

    it.each([
      ['', 'ip'],
      ['?ip=203.0.113.1&licenseId=1', 'licenseId'],
      ['?ip=nonsense', 'ip'],
      ['?licenseId=X1', 'licenseId'],
    ])('refuses %p naming %s', async (query, field) => {
      const res = await get(alice, `/api/licenses/verify${query}`);
      expect(res.status).toBe(400);
      expect(res.body.field).toBe(field);
    });
  });

  describe('privileges', () => {
    const ip = '192.0.2.77';
    let licenseId: number;
    let expiredId: number;

    beforeAll(async () => {
      licenseId = (await added(alice, { ip, packageId: 3 })).id;
      expiredId = (await added(alice, { ip, packageId: 1 })).id;
      await post(alice, `/${expiredId}/expire`).expect(200);
    });

    const routes: Array<[string, string, 'get' | 'post', () => string, () => Record<string, unknown> | undefined]> = [
      ['list', 'list licenses', 'get', () => '/api/licenses', () => undefined],
      ['list', 'get a license', 'get', () => `/api/licenses/${licenseId}`, () => undefined],
      ['list', 'groups', 'get', () => '/api/groups', () => undefined],
      ['list', 'packages', 'get', () => '/api/packages', () => undefined],
      ['add', 'add', 'post', () => '/api/licenses', () => ({ ip: '192.0.2.78', packageId: 3, dryrun: true })],
      ['expire', 'expire', 'post', () => `/api/licenses/${licenseId}/expire`, () => ({ dryrun: true })],
      ['reactivate', 'reactivate', 'post', () => `/api/licenses/${expiredId}/reactivate`, () => ({ dryrun: true })],
      ['transfer', 'transfer', 'post', () => '/api/licenses/transfer', () => ({ oldIp: ip, newIp: '192.0.2.79', packageId: 3, dryrun: true })],
      ['onetimeext', 'extend updates', 'post', () => '/api/licenses/extend-updates', () => ({ ip, dryrun: true })],
      ['search', 'search', 'get', () => `/api/licenses/search?ip=${ip}`, () => undefined],
      ['secverify', 'verify', 'get', () => `/api/licenses/verify?ip=${ip}`, () => undefined],
    ];

    it.each(routes)('%s guards %s: 403 without it, allowed with only it', async (privilege, _what, method, path, body) => {
      const without = await h.login('alice', ALL.filter((p) => p !== privilege));
      const only = await h.login('alice', [privilege]);
      const send = (who: HarnessLogin): Promise<Response> => {
        const req = h.http[method](path()).set(...who.auth);
        return body() === undefined ? req : req.send(body());
      };
      const before = await snapshot(h);
      const refused = await send(without);
      expect(refused.status).toBe(403);
      expect(refused.body.privilege).toBe(privilege);
      expect(await snapshot(h)).toEqual(before);
      expect((await send(only)).status).toBeLessThan(300);
    });

    it('a token limited to "List active licenses" lists but is refused (403) when adding', async () => {
      const lister = await h.login('alice', ['list']);
      await get(lister, '/api/licenses').expect(200);
      const before = await snapshot(h);
      const res = await add(lister, { ip: freshIp(), packageId: 3 });
      expect(res.status).toBe(403);
      expect(res.body.message).toContain('Add a New License');
      expect(await snapshot(h)).toEqual(before);
    });

    it('an account without a privilege cannot use it through an unrestricted token', async () => {
      await h.createAccount('carol', ['list']);
      const carol = await h.login('carol');
      await get(carol, '/api/licenses').expect(200);
      await add(carol, { ip: freshIp(), packageId: 3 }).expect(403);
    });

    it('answers 401 without a credential or with a bad one', async () => {
      await h.http.get('/api/licenses').expect(401);
      await h.http.post('/api/licenses').send({ ip: freshIp(), packageId: 3 }).expect(401);
      await h.http.get('/api/packages').set('Authorization', `cpanel alice:${'A'.repeat(32)}`).expect(401);
    });
  });

  describe('bad input: 400 naming the field, nothing changed', () => {
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      ['add', '', { packageId: 3 }, 'ip'],
      ['add', '', { ip: 12, packageId: 3 }, 'ip'],
      ['add', '', { ip: '300.1.1.1', packageId: 3 }, 'ip'],
      ['add', '', { ip: '203.0.113.0/24', packageId: 3 }, 'ip'],
      ['add', '', { ip: '::1', packageId: 3 }, 'ip'],
      ['add', '', { ip: '224.0.0.1', packageId: 3 }, 'ip'],
      ['add', '', { ip: '203.0.113.240' }, 'packageId'],
      ['add', '', { ip: '203.0.113.240', packageId: '3' }, 'packageId'],
      ['add', '', { ip: '203.0.113.240', packageId: 99 }, 'packageId'],
      ['add', '', { ip: '203.0.113.240', packageId: 3, groupId: 99 }, 'groupId'],
      ['add', '', { ip: '203.0.113.240', packageId: 3, hostname: 'not a host' }, 'hostname'],
      ['add', '', { ip: '203.0.113.240', packageId: 3, force: 'yes' }, 'force'],
      ['add', '', { ip: '203.0.113.240', packageId: 3, dryrun: 1 }, 'dryrun'],
      ['add', '', { ip: '203.0.113.240', packageId: 3, owner: 'bob' }, 'owner'],
      ['expire', '/1/expire', { code: 'bored' }, 'code'],
      ['expire', '/1/expire', { reason: 'x'.repeat(256) }, 'reason'],
      ['expire', '/abc/expire', {}, 'licenseId'],
      ['reactivate', '/L0/reactivate', {}, 'licenseId'],
      ['transfer', '/transfer', { newIp: '203.0.113.241' }, 'oldIp'],
      ['transfer', '/transfer', { oldIp: '203.0.113.242', newIp: '203.0.113.241', packageId: 0 }, 'packageId'],
      ['extend', '/extend-updates', {}, 'ip'],
      ['extend', '/extend-updates', { ip: 'abc' }, 'ip'],
    ];

    it.each(cases)('%s %s %p → field %s', async (_op, path, body, field) => {
      const before = await snapshot(h);
      const res = await post(alice, path, body);
      expect(res.status).toBe(400);
      const text = JSON.stringify(res.body.message);
      expect(res.body.field === field || text.includes(field)).toBe(true);
      expect(await snapshot(h)).toEqual(before);
    });

    it.each([
      ['/api/licenses?expired=maybe', 'expired'],
      ['/api/licenses?groupId=abc', 'groupId'],
      ['/api/licenses?packageId=-1', 'packageId'],
      ['/api/licenses?status=all', 'status'],
      ['/api/licenses/search', 'ip'],
      ['/api/licenses/search?ip=1.2.3', 'ip'],
      ['/api/licenses/search?ip=203.0.113.1&includeExpired=perhaps', 'includeExpired'],
      ['/api/licenses/L1x', 'licenseId'],
    ])('GET %s → field %s', async (path, field) => {
      const res = await get(alice, path);
      expect(res.status).toBe(400);
      expect(res.body.field === field || JSON.stringify(res.body.message).includes(field)).toBe(true);
    });

    it('answers 404 for a well-formed id that is not yours or does not exist', async () => {
      const res = await get(alice, '/api/licenses/L999999');
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('The license “L999999” does not exist.');
    });
  });

  describe('OpenAPI', () => {
    it('serves Swagger UI at /api/docs with its own assets (no CDN)', async () => {
      const html = await h.http.get('/api/docs').expect(200);
      expect(html.headers['content-type']).toMatch(/text\/html/);
      expect(html.text).toContain('swagger-ui');
      const urls = [...html.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) expect(url).not.toMatch(/^(https?:)?\/\//);
      await h.http.get('/api/docs/swagger-ui-bundle.js').expect(200);
      await h.http.get('/api/docs/swagger-ui.css').expect(200);
      const init = await h.http.get('/api/docs/swagger-initializer.js').expect(200);
      expect(init.text).toContain('validatorUrl: null');
    });

    it('declares the cpanel and whm security schemes and uses them on guarded routes', async () => {
      const doc = (await h.http.get('/api/docs-json').expect(200)).body;
      expect(doc.components.securitySchemes.cpanel).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
      expect(doc.components.securitySchemes.cpanel.description).toContain('cpanel <user>:<token>');
      for (const [path, method] of [
        ['/api/licenses', 'get'],
        ['/api/licenses', 'post'],
        ['/api/licenses/{licenseId}/expire', 'post'],
        ['/api/licenses/transfer', 'post'],
        ['/api/licenses/verify', 'get'],
        ['/api/packages', 'get'],
        ['/api/authkeys', 'post'],
        ['/api/authkeys/{id}', 'delete'],
        ['/api/passphrases/modifications', 'post'],
      ] as const) {
        // Either header scheme authenticates (two alternatives, OpenAPI's "or").
        expect(doc.paths[path][method].security).toEqual([{ cpanel: [] }, { whm: [] }]);
      }
      // Registration is public: the pickup passphrase is its credential.
      expect(doc.paths['/api/authkeys/register'].post.security).toBeUndefined();
      await h.http.get('/api/docs-yaml').expect(200);
    });

    it('contains no real-looking token or key', async () => {
      const text = (await h.http.get('/api/docs-json').expect(200)).text;
      // Tokens are 32 and keys 20 characters of 0-9 A-Z.
      expect(text).not.toMatch(/\b[0-9A-Z]{32}\b/);
      expect(text).not.toMatch(/\b[0-9A-Z]{20}\b/);
    });
  });
});

// The rules whose correctness depends on transactions and the unique index, on every database.
describe.each(DB_KINDS)('Licensing transactions on %s', (kind) => {
  let h: AppHarness;
  let alice: HarnessLogin;
  let bob: HarnessLogin;

  beforeAll(async () => {
    h = await createAppHarness({ db: kind });
    alice = await h.login('alice');
    bob = await h.login('bob');
  });

  afterAll(async () => {
    await h?.close();
  });

  const post = (who: HarnessLogin, path: string, body: Record<string, unknown> = {}): Test =>
    h.http.post(`/api/licenses${path}`).set(...who.auth).send(body);

  it('concurrent adds for one IP and package: exactly one wins, the others get 409', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => post(alice, '', { ip: '203.0.113.9', packageId: 3 })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await h.count('licenses', "ip = '203.0.113.9'")).toBe(1);
    expect(await h.count('license_events', "ip = '203.0.113.9'")).toBe(1);
  });

  it('forced add expires the old license and adds the new one together', async () => {
    const first = (await post(alice, '', { ip: '203.0.113.10', packageId: 3 }).expect(201)).body.licenseId as number;
    const res = await post(alice, '', { ip: '203.0.113.10', packageId: 3, force: true }).expect(201);
    expect(res.body.replaced).toEqual([first]);
    expect(await h.count('licenses', "ip = '203.0.113.10' AND status = 'active'")).toBe(1);
    expect(await h.count('licenses', "ip = '203.0.113.10' AND status = 'expired'")).toBe(1);
  });

  it('dryrun writes nothing, refusals write nothing', async () => {
    const before = await snapshot(h);
    await post(alice, '', { ip: '203.0.113.11', packageId: 3, dryrun: true }).expect(201);
    await post(alice, '', { ip: '203.0.113.10', packageId: 3 }).expect(409);
    await post(bob, '', { ip: '203.0.113.10', packageId: 3, force: true }).expect(409);
    expect(await snapshot(h)).toEqual(before);
  });

  it('expire keeps the record; reactivate, transfer and extend keep the one-active rule', async () => {
    const a = (await post(alice, '', { ip: '203.0.113.12', packageId: 2 }).expect(201)).body.licenseId as number;
    await post(alice, `/${a}/expire`, { code: 'chargeback', reason: 'Card disputed' }).expect(200);
    expect(await h.count('licenses', `id = ${a} AND status = 'expired' AND expire_code = 'chargeback'`)).toBe(1);
    await post(alice, `/${a}/reactivate`).expect(200);
    await post(alice, `/${a}/reactivate`).expect(409);

    const b = (await post(alice, '', { ip: '203.0.113.13', packageId: 2 }).expect(201)).body.licenseId as number;
    await post(alice, '/transfer', { oldIp: '203.0.113.13', newIp: '203.0.113.12' }).expect(409);
    const moved = await post(alice, '/transfer', { oldIp: '203.0.113.13', newIp: '203.0.113.12', force: true }).expect(200);
    expect(moved.body).toMatchObject({ licenseId: b, replaced: [a] });
    expect(await h.count('licenses', "ip = '203.0.113.12' AND status = 'active'")).toBe(1);

    const ext = await post(alice, '/extend-updates', { ip: '203.0.113.12' }).expect(200);
    expect(ext.body.licenses).toHaveLength(1);
    const verify = await h.http.get('/api/licenses/verify?ip=203.0.113.12').set(...alice.auth).expect(200);
    expect(verify.body).toMatchObject({ licensed: true, factors: { fraudOrChargeback: 1, recentTransfers: 1 } });
  });
});
