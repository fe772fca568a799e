// Groups an account adds and edits itself, and license transfer requests between accounts,
// through the REST face (/api/groups, /api/transfer-requests) on the real app: every rule, every
// refusal (which changes nothing), what one account can never see or touch of another's, and the
// races (one winner). On SQLite, PostgreSQL and MariaDB with Express, and SQLite with Fastify
// (the new migration runs on each).
import type { Test } from 'supertest';
import { createAppHarness, DEMO_RUNS, type AppHarness, type HarnessLogin } from './support/app-harness.js';

let nextHost = 1;
/** A fresh documentation address per use. */
const freshIp = (): string => `203.0.113.${nextHost++}`;

describe.each(DEMO_RUNS)('groups and transfer requests, $name', ({ db, platform }) => {
  let h: AppHarness;
  let alice: HarnessLogin;
  let bob: HarnessLogin;
  let carol: HarnessLogin;
  /** alice's token limited to "List active licenses". */
  let aliceLister: HarnessLogin;

  beforeAll(async () => {
    h = await createAppHarness({ db, platform });
    alice = await h.login('alice');
    bob = await h.login('bob');
    carol = await h.login('carol');
    aliceLister = await h.login('alice', ['list']);
  });

  afterAll(async () => {
    await h?.close();
  });

  const get = (who: HarnessLogin, path: string): Test => h.http.get(path).set(...who.auth);
  const post = (who: HarnessLogin, path: string, body: Record<string, unknown> = {}): Test => h.http.post(path).set(...who.auth).send(body);
  const patch = (who: HarnessLogin, path: string, body: Record<string, unknown>): Test => h.http.patch(path).set(...who.auth).send(body);

  /** Everything these routes could change. */
  async function state(): Promise<unknown> {
    const q = (sql: string): Promise<unknown> => h.dataSource.query(sql);
    return JSON.stringify([
      await q('SELECT id, name, owner, taxable, name_key FROM license_groups ORDER BY id'),
      await q('SELECT id, owner, group_id, status, active_key FROM licenses ORDER BY id'),
      await q('SELECT id, requester, holder, status, pending_key FROM license_transfer_requests ORDER BY id'),
      await h.count('license_events'),
    ]);
  }

  async function license(who: HarnessLogin, packageId = 3, groupId?: number): Promise<{ id: number; ip: string }> {
    const ip = freshIp();
    const res = await post(who, '/api/licenses', { ip, packageId, ...(groupId ? { groupId } : {}) }).expect(201);
    return { id: res.body.licenseId as number, ip };
  }

  describe('groups', () => {
    it('an account sees the shared groups and its own, adds them with a taxable flag, and edits name and flag', async () => {
      const added = await post(alice, '/api/groups', { name: 'Datacenter East', taxable: true }).expect(201);
      expect(added.body).toMatchObject({ name: 'Datacenter East', taxable: true, shared: false });
      const id = added.body.id as number;
      const listed = (await get(alice, '/api/groups').expect(200)).body as Array<{ id: number; name: string; shared: boolean }>;
      expect(listed.map((g) => [g.name, g.shared])).toEqual([
        ['Default', true],
        ['Production', true],
        ['Staging', true],
        ['Datacenter East', false],
      ]);
      expect(await patch(alice, `/api/groups/G${id}`, { name: 'Datacenter West' }).expect(200)).toMatchObject({ body: { name: 'Datacenter West', taxable: true } });
      expect(await patch(alice, `/api/groups/${id}`, { taxable: false }).expect(200)).toMatchObject({ body: { name: 'Datacenter West', taxable: false } });
      // A case change of its own name is a rename, not a clash.
      await patch(alice, `/api/groups/${id}`, { name: 'DATACENTER WEST' }).expect(200);
      // Licenses are filed under it, and listed by it.
      const lic = await license(alice, 2, id);
      const mine = (await get(alice, `/api/licenses?groupId=${id}`).expect(200)).body as Array<{ id: number; groupName: string }>;
      expect(mine.map((l) => [l.id, l.groupName])).toEqual([[lic.id, 'DATACENTER WEST']]);
    });

    it('never lets another account see, use or edit an account’s group', async () => {
      const id = (await post(alice, '/api/groups', { name: 'Alice Only' }).expect(201)).body.id as number;
      const before = await state();
      expect(((await get(bob, '/api/groups').expect(200)).body as Array<{ id: number }>).map((g) => g.id)).not.toContain(id);
      const edit = await patch(bob, `/api/groups/${id}`, { name: 'Mine Now' }).expect(400);
      expect(edit.body).toMatchObject({ field: 'group', message: `“${id}” is not a known group.` });
      await post(bob, '/api/licenses', { ip: freshIp(), packageId: 1, groupId: id }).expect(400);
      await get(bob, `/api/licenses?groupId=${id}`).expect(400);
      // Bob may have a group of the same name: names are per account.
      expect(await state()).toEqual(before);
      await post(bob, '/api/groups', { name: 'Alice Only' }).expect(201);
    });

    it('refuses clashing names (shared ones included, in any case), shared groups, bad input and missing privileges; nothing changes', async () => {
      await post(alice, '/api/groups', { name: 'Reseller Pool' }).expect(201);
      const before = await state();
      const cases: Array<[Test, number, string]> = [
        [post(alice, '/api/groups', { name: 'default' }), 409, 'name'],
        [post(alice, '/api/groups', { name: 'RESELLER POOL' }), 409, 'name'],
        [post(alice, '/api/groups', { name: '  ' }), 400, 'name'],
        [post(alice, '/api/groups', { name: 'x'.repeat(51) }), 400, 'name'],
        [post(alice, '/api/groups', { name: 'tab\there' }), 400, 'name'],
        [post(alice, '/api/groups', {}), 400, 'name'],
        [patch(alice, '/api/groups/1', { name: 'Renamed Default' }), 403, 'group'],
        [patch(alice, '/api/groups/G999', { name: 'Nope' }), 400, 'group'],
        [post(aliceLister, '/api/groups', { name: 'By A Lister' }), 403, ''],
      ];
      for (const [req, status, field] of cases) {
        const res = await req;
        expect(res.status).toBe(status);
        // The field is named, by the service (`field`) or by the validation pipe (in the message).
        if (field !== '') expect(res.body.field === field || JSON.stringify(res.body.message).includes(field)).toBe(true);
      }
      expect(await state()).toEqual(before);
    });

    it('concurrent adds of different names all land, each with its own id', async () => {
      const results = await Promise.all(['Race A', 'Race B', 'Race C'].map((name) => post(carol, '/api/groups', { name })));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(3);
    });

    it('concurrent adds of one name: exactly one wins', async () => {
      const results = await Promise.all(Array.from({ length: 5 }, () => post(carol, '/api/groups', { name: 'Race Group' })));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
      expect(await h.count('license_groups', "name = 'Race Group'")).toBe(1);
    });
  });

  describe('transfer requests', () => {
    let aliceGroup: number;

    beforeAll(async () => {
      aliceGroup = (await post(alice, '/api/groups', { name: 'Acquired' }).expect(201)).body.id as number;
    });

    it('bob accepts alice’s request: the license (same id) becomes hers, in her group; neither learns more than the request', async () => {
      const lic = await license(bob, 3);
      const asked = await post(alice, '/api/transfer-requests', { ip: lic.ip, packageId: 3, groupId: aliceGroup }).expect(201);
      const requestId = asked.body.request.id as number;
      expect(asked.body.reason).toContain(`The confirmation number for this request is ${requestId}.`);
      expect(asked.body.reason).not.toContain('bob');
      expect(asked.body.request).toMatchObject({ status: 'pending', holder: '', groupName: 'Acquired', licenseId: lic.id });

      const incoming = (await get(bob, '/api/transfer-requests').expect(200)).body.incoming as Array<Record<string, unknown>>;
      expect(incoming[0]).toMatchObject({ id: requestId, requester: 'alice', holder: 'bob', status: 'pending', groupId: null, groupName: null });
      // Alice cannot answer her own request; carol cannot answer bob's.
      await post(alice, `/api/transfer-requests/${requestId}/accept`).expect(404);
      await post(carol, `/api/transfer-requests/${requestId}/accept`).expect(404);

      const accepted = await post(bob, `/api/transfer-requests/${requestId}/accept`).expect(200);
      expect(accepted.body.request).toMatchObject({ status: 'accepted' });
      expect((await get(alice, `/api/licenses/${lic.id}`).expect(200)).body).toMatchObject({ ip: lic.ip, status: 'active', groupId: aliceGroup });
      await get(bob, `/api/licenses/${lic.id}`).expect(404);
      expect(await h.count('license_events', `license_id = ${lic.id} AND kind = 'handover' AND owner = 'alice'`)).toBe(1);
      // Answered once only.
      await post(bob, `/api/transfer-requests/${requestId}/accept`).expect(409);
      expect((await get(alice, '/api/transfer-requests').expect(200)).body.outgoing[0]).toMatchObject({ id: requestId, status: 'accepted' });
    });

    it('rejects and cancels change nothing but the request; other requests for a handed-over license close', async () => {
      const lic = await license(bob, 2);
      const before = JSON.stringify(await h.dataSource.query(`SELECT * FROM licenses WHERE id = ${lic.id}`));
      const fromAlice = (await post(alice, '/api/transfer-requests', { ip: lic.ip, packageId: 2, groupId: aliceGroup }).expect(201)).body.request.id as number;
      await post(bob, `/api/transfer-requests/${fromAlice}/reject`).expect(200);
      expect(JSON.stringify(await h.dataSource.query(`SELECT * FROM licenses WHERE id = ${lic.id}`))).toBe(before);

      const again = (await post(alice, '/api/transfer-requests', { ip: lic.ip, packageId: 2, groupId: aliceGroup }).expect(201)).body.request.id as number;
      await post(bob, `/api/transfer-requests/${again}/cancel`).expect(404); // only the requester cancels
      expect((await post(alice, `/api/transfer-requests/${again}/cancel`).expect(200)).body.request.status).toBe('cancelled');
      await post(bob, `/api/transfer-requests/${again}/accept`).expect(409);

      const a = (await post(alice, '/api/transfer-requests', { ip: lic.ip, packageId: 2, groupId: aliceGroup }).expect(201)).body.request.id as number;
      const c = (await post(carol, '/api/transfer-requests', { ip: lic.ip, packageId: 2, groupId: 1 }).expect(201)).body.request.id as number;
      await post(bob, `/api/transfer-requests/${c}/accept`).expect(200);
      const outgoing = (await get(alice, '/api/transfer-requests').expect(200)).body.outgoing as Array<{ id: number; status: string }>;
      expect(outgoing.find((r) => r.id === a)?.status).toBe('closed');
    });

    it('a request whose license changed meanwhile is closed when answered, and nothing moves', async () => {
      const lic = await license(bob, 1);
      const id = (await post(alice, '/api/transfer-requests', { ip: lic.ip, packageId: 1, groupId: aliceGroup }).expect(201)).body.request.id as number;
      await post(bob, `/api/licenses/${lic.id}/expire`, {}).expect(200);
      const res = await post(bob, `/api/transfer-requests/${id}/accept`).expect(200);
      expect(res.body.request.status).toBe('closed');
      expect((await get(bob, `/api/licenses/${lic.id}`).expect(200)).body).toMatchObject({ status: 'expired' });
    });

    it('refuses requests for your own license, for none, twice, by a lister, or with bad input; nothing changes', async () => {
      const own = await license(alice, 4);
      const bobs = await license(bob, 4);
      await post(alice, '/api/transfer-requests', { ip: bobs.ip, packageId: 4, groupId: aliceGroup }).expect(201);
      const before = await state();
      const cases: Array<[Test, number, string]> = [
        [post(alice, '/api/transfer-requests', { ip: own.ip, packageId: 4, groupId: aliceGroup }), 409, 'ALREADY_YOURS'],
        [post(alice, '/api/transfer-requests', { ip: freshIp(), packageId: 4, groupId: aliceGroup }), 404, 'NOT_FOUND'],
        [post(alice, '/api/transfer-requests', { ip: bobs.ip, packageId: 4, groupId: aliceGroup }), 409, 'DUPLICATE_NAME'],
        [post(bob, '/api/transfer-requests', { ip: own.ip, packageId: 4, groupId: aliceGroup }), 400, 'INVALID_ARGUMENT'],
        [post(alice, '/api/transfer-requests', { ip: '127.0.0.1', packageId: 4, groupId: 1 }), 400, 'INVALID_IP'],
        [post(alice, '/api/transfer-requests', { ip: bobs.ip, packageId: 99, groupId: 1 }), 400, 'INVALID_ARGUMENT'],
        [post(aliceLister, '/api/transfer-requests', { ip: bobs.ip, packageId: 4, groupId: 1 }), 403, 'Forbidden'],
        [post(bob, '/api/transfer-requests/abc/accept'), 400, 'INVALID_ARGUMENT'],
        [post(bob, '/api/transfer-requests/999999/reject'), 404, 'NOT_FOUND'],
      ];
      for (const [req, status, code] of cases) {
        const res = await req;
        expect([res.status, res.body.error]).toEqual([status, code]);
      }
      expect(await state()).toEqual(before);
    });

    it('two accepts at once: the license moves once', async () => {
      const lic = await license(bob, 1);
      const id = (await post(carol, '/api/transfer-requests', { ip: lic.ip, packageId: 1, groupId: 1 }).expect(201)).body.request.id as number;
      const results = await Promise.all([post(bob, `/api/transfer-requests/${id}/accept`), post(bob, `/api/transfer-requests/${id}/accept`)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(await h.count('license_events', `license_id = ${lic.id} AND kind = 'handover'`)).toBe(1);
    });
  });
});
