// The audit log: every token action (with its outcome) and every refused authentication is
// recorded with actor, credential id, address and time; readable through AuditLogService and
// GET /api/audit, filterable by actor, action, outcome and time; never holding a secret.
import { jest } from '@jest/globals';
import { AuditLogService, type AuditEntry } from 'nestjs-api-tokens';
import { DB_KINDS } from '../support/databases.js';
import { createAppHarness, type AppHarness, type HarnessLogin } from './support/app-harness.js';

jest.setTimeout(60_000);

const WRONG = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const from = (ip: string): [string, string] => ['X-Forwarded-For', ip];

describe.each(DB_KINDS)('audit log on %s', (kind) => {
  let h: AppHarness;
  let audit: AuditLogService;
  let admin: HarnessLogin;
  let alice: HarnessLogin;
  let bob: HarnessLogin;
  let aliceCredential: string;
  let bobToken: string;
  const started = new Date(Date.now() - 1000);
  const secrets: string[] = [];

  const entries = async (query: Parameters<AuditLogService['query']>[0]): Promise<AuditEntry[]> => {
    await audit.flush();
    return (await audit.query({ pageSize: 500, ...query })).items;
  };

  beforeAll(async () => {
    h = await createAppHarness({ db: kind, trustedProxies: ['127.0.0.1'], env: { AUTH_FAILURE_LIMIT: '3', AUTH_FAILURE_BLOCK_SECONDS: '60' } });
    audit = h.app.get(AuditLogService);
    admin = await h.login('admin');
    alice = await h.login('alice');
    bob = await h.login('bob');
    secrets.push(admin.token, alice.token, bob.token);
    aliceCredential = (await h.http.get('/api/me').set(...alice.auth).expect(200)).body.credential.id;
    const ip = from('192.0.2.10');
    const created = await h.http.post('/api/tokens').set(...alice.auth).set(...ip).send({ name: 'ci', privileges: ['list'] }).expect(201);
    bobToken = (await h.http.post('/api/tokens').set(...bob.auth).send({ name: 'mine' }).expect(201)).body.token;
    secrets.push(created.body.token, bobToken);
    await h.http.post('/api/tokens').set(...alice.auth).set(...ip).send({ name: 'ci' }).expect(409);
    await h.http.patch('/api/tokens/ci').set(...alice.auth).set(...ip).send({ newName: 'ci-2' }).expect(200);
    await h.http.patch('/api/tokens/nope').set(...alice.auth).set(...ip).send({ newName: 'x' }).expect(404);
    await h.http.post('/api/tokens/revoke').set(...alice.auth).set(...ip).send({ names: ['ci-2', 'nope'] }).expect(404);
    await h.http.delete('/api/tokens/ci-2').set(...alice.auth).set(...ip).expect(200);
    await h.http.post('/api/tokens/delete-expired').set(...alice.auth).set(...ip).expect(200);
    // Refused authentications: a wrong token, and bob's token presented as alice (from .20);
    // then enough failures from .30 to be blocked.
    await h.http.get('/api/me').set('Authorization', `cpanel alice:${WRONG}`).set(...from('192.0.2.20')).expect(401);
    await h.http.get('/api/tokens').set('Authorization', `cpanel alice:${bobToken}`).set(...from('192.0.2.20')).expect(401);
    for (let i = 0; i < 3; i++) await h.http.get('/api/tokens').set('Authorization', `cpanel mallory:${WRONG}`).set(...from('192.0.2.30')).expect(401);
    await h.http.get('/api/tokens').set('Authorization', `cpanel mallory:${WRONG}`).set(...from('192.0.2.30')).expect(429);
    // Keys, passphrases, registration and licenses, as bob from .40.
    const bip = from('192.0.2.40');
    const key = await h.http.post('/api/authkeys').set(...bob.auth).set(...bip).send({ ip: '198.51.100.7', service: 'backup', privileges: ['list'] }).expect(201);
    secrets.push(key.body.key);
    await h.http.post('/api/authkeys').set(...bob.auth).set(...bip).send({ ip: 'nonsense', service: 'backup', privileges: ['list'] }).expect(400);
    await h.http.post('/api/authkeys/modifications').set(...bob.auth).set(...bip).send({ modifications: [{ id: key.body.item.id, privileges: ['list', 'search'] }] }).expect(200);
    const phrase = 'a pickup phrase for the audit';
    secrets.push(phrase);
    const pass = await h.http.post('/api/passphrases').set(...bob.auth).set(...bip).send({ passphrase: phrase, privileges: ['list'] }).expect(201);
    const registered = await h.http.post('/api/authkeys/register').set(...from('192.0.2.41')).send({ user: 'bob', pickup: phrase, service: 'monitor' }).expect(201);
    secrets.push(registered.body.key);
    await h.http.post('/api/authkeys/register').set(...from('192.0.2.42')).send({ user: 'bob', pickup: `${phrase}!`, service: 'monitor' }).expect(403);
    await h.http.delete(`/api/passphrases/${pass.body.id}`).set(...bob.auth).set(...bip).expect(200);
    await h.http.delete(`/api/authkeys/${key.body.item.id}`).set(...bob.auth).set(...bip).expect(200);
    const license = await h.http.post('/api/licenses').set(...bob.auth).set(...bip).send({ ip: '203.0.113.5', packageId: 1 }).expect(201);
    await h.http.post('/api/licenses').set(...bob.auth).set(...bip).send({ ip: '203.0.113.5', packageId: 1 }).expect(409);
    await h.http.post('/api/licenses/transfer').set(...bob.auth).set(...bip).send({ oldIp: '203.0.113.5', newIp: '203.0.113.6' }).expect(200);
    await h.http.post(`/api/licenses/${license.body.licenseId}/expire`).set(...bob.auth).set(...bip).send({ code: 'normal' }).expect(200);
    await h.http.post(`/api/licenses/${license.body.licenseId}/reactivate`).set(...bob.auth).set(...bip).send({}).expect(200);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('records every token action with actor, credential, address, target and outcome', async () => {
    const all = await entries({ actor: 'alice', action: 'token.*' });
    // The harness minted alice's own token as a trusted server-side caller: no credential, no address.
    const trusted = all.filter((e) => e.credentialId === null);
    expect(trusted).toHaveLength(1);
    expect(trusted[0]).toMatchObject({ action: 'token.create', outcome: 'success', ip: null, credentialKind: null });
    const mine = all.filter((e) => e.credentialId !== null);
    const summary = mine.map((e) => `${e.action} ${e.outcome} ${e.target ?? '-'}`).sort();
    expect(summary).toEqual(
      [
        'token.create success ci',
        'token.create failure -',
        'token.rename success ci-2',
        'token.rename failure -',
        'token.revoke failure -',
        'token.revoke success ci-2',
        'token.delete-expired success -',
      ].sort(),
    );
    for (const e of mine) {
      expect(e).toMatchObject({ actor: 'alice', credentialKind: 'api-token', credentialId: aliceCredential, ip: '192.0.2.10' });
      expect(e.at.getTime()).toBeGreaterThanOrEqual(started.getTime());
    }
    const create = mine.find((e) => e.action === 'token.create' && e.outcome === 'success');
    expect(create?.details).toMatchObject({ fullAccess: false, privileges: ['list'] });
    expect(mine.find((e) => e.action === 'token.create' && e.outcome === 'failure')?.details).toMatchObject({ error: 'DUPLICATE_NAME', field: 'name', name: 'ci' });
    expect(mine.find((e) => e.action === 'token.revoke' && e.outcome === 'failure')?.details).toMatchObject({ error: 'NOT_FOUND', names: ['ci-2', 'nope'] });
  });

  it('records refused authentications, with the refused credential when it exists, and the block', async () => {
    const refused = await entries({ action: 'auth.authenticate', actor: 'alice' });
    expect(refused.map((e) => e.details.reason).sort()).toEqual(['credential of another user', 'malformed or invented secret']);
    for (const e of refused) expect(e).toMatchObject({ outcome: 'failure', ip: '192.0.2.20' });
    const stolen = refused.find((e) => e.details.reason === 'credential of another user');
    const bobsId = (await h.tokens.list('bob')).items.find((t) => t.name === 'mine')?.id;
    expect(stolen).toMatchObject({ credentialKind: 'api-token', credentialId: bobsId });
    const blocked = await entries({ action: 'auth.blocked' });
    expect(blocked).toHaveLength(1);
    expect(blocked[0]).toMatchObject({ actor: 'mallory', ip: '192.0.2.30', outcome: 'failure' });
    // Alike refusals of one flush window (same address, reason, claimed user) are one entry with their count.
    const mallorys = await entries({ action: 'auth.authenticate', actor: 'mallory' });
    expect(mallorys.reduce((n, e) => n + Number(e.details.count), 0)).toBe(4);
  });

  it('records key, passphrase, registration and license actions with their outcome', async () => {
    const bobs = await entries({ actor: 'bob' });
    const seen = new Set(bobs.map((e) => `${e.action} ${e.outcome}`));
    for (const expected of [
      'authkey.create success',
      'authkey.create failure',
      'authkey.modify success',
      'authkey.delete success',
      'passphrase.create success',
      'passphrase.delete success',
      'authkey.register success',
      'authkey.register failure',
      'license.add success',
      'license.add failure',
      'license.transfer success',
      'license.expire success',
      'license.reactivate success',
    ]) {
      expect({ expected, recorded: seen.has(expected) }).toEqual({ expected, recorded: true });
    }
    const registration = bobs.filter((e) => e.action === 'authkey.register');
    expect(registration.find((e) => e.outcome === 'success')).toMatchObject({ ip: '192.0.2.41', details: { service: 'monitor' } });
    expect(registration.find((e) => e.outcome === 'failure')).toMatchObject({ ip: '192.0.2.42', details: { error: 'REGISTRATION_FAILED' } });
    expect(bobs.find((e) => e.action === 'authkey.create' && e.outcome === 'success')).toMatchObject({ credentialKind: 'api-token', ip: '192.0.2.40' });
    expect(bobs.find((e) => e.action === 'license.add' && e.outcome === 'success')?.target).toMatch(/^L\d+$/);
  });

  it('filters by actor, action, outcome and time, and pages newest first', async () => {
    const all = await entries({});
    expect(all.length).toBeGreaterThan(10);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(all[i]!.at.getTime());
    expect((await entries({ action: 'token.create' })).every((e) => e.action === 'token.create')).toBe(true);
    expect((await entries({ outcome: 'failure', action: 'token.*' })).every((e) => e.outcome === 'failure' && e.action.startsWith('token.'))).toBe(true);
    expect(await entries({ from: new Date(Date.now() + 60_000) })).toEqual([]);
    expect(await entries({ to: started })).toEqual([]);
    const middle = all[Math.floor(all.length / 2)]!.at;
    const after = await entries({ from: middle });
    expect(after.every((e) => e.at.getTime() >= middle.getTime())).toBe(true);
    expect(after.length).toBeLessThan(all.length + 1);
    // `_` and `%` in a prefix are literal, not wildcards.
    expect(await entries({ action: 'tok_n.*' })).toEqual([]);
    const page2 = await audit.query({ page: 2, pageSize: 3 });
    expect(page2).toMatchObject({ page: 2, pageSize: 3, total: all.length });
    expect(page2.items.map((e) => e.id)).toEqual(all.slice(3, 6).map((e) => e.id));
  });

  it('holds no secret in any entry', async () => {
    const dump = JSON.stringify(await entries({}));
    for (const secret of secrets) {
      expect(dump).not.toContain(secret);
      expect(dump.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    expect(dump).not.toContain(WRONG);
  });

  describe('GET /api/audit', () => {
    it('gives the administrator every entry, filtered', async () => {
      const res = await h.http.get('/api/audit').query({ actor: 'alice', action: 'token.rename', outcome: 'success' }).set(...admin.auth).expect(200);
      expect(res.body.total).toBe(1);
      expect(res.body.items[0]).toMatchObject({ actor: 'alice', action: 'token.rename', outcome: 'success', target: 'ci-2', ip: '192.0.2.10' });
      expect(Date.parse(res.body.items[0].at)).toBeGreaterThan(0);
      const window = await h.http
        .get('/api/audit')
        .query({ from: new Date(started.getTime()).toISOString(), to: String(Math.floor(Date.now() / 1000) + 60) })
        .set(...admin.auth)
        .expect(200);
      expect(window.body.total).toBeGreaterThan(10);
      const none = await h.http.get('/api/audit').query({ from: '2999-01-01' }).set(...admin.auth).expect(200);
      expect(none.body.total).toBe(0);
    });

    it('gives any other account its own entries only', async () => {
      const res = await h.http.get('/api/audit').query({ pageSize: 500 }).set(...bob.auth).expect(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expect(res.body.items.every((e: AuditEntry) => e.actor === 'bob')).toBe(true);
      const other = await h.http.get('/api/audit').query({ actor: 'alice' }).set(...bob.auth).expect(403);
      expect(other.body.field).toBe('actor');
    });

    it('needs the apitokens privilege and a credential', async () => {
      const lister = await h.login('carol', ['list']);
      await h.http.get('/api/audit').set(...lister.auth).expect(403);
      await h.http.get('/api/audit').expect(401);
    });

    it.each([
      [{ from: '2026-02-30' }, 'from'],
      [{ to: '2026-13-01' }, 'to'],
      [{ from: '2026-01-01T25:00:00Z' }, 'from'],
      [{ from: 'yesterday' }, 'from'],
      [{ from: '99999999999999' }, 'from'],
      [{ from: '2026-06-01', to: '2026-01-01' }, 'to'],
    ])('refuses the bad instant %p naming the field', async (query, field) => {
      const res = await h.http.get('/api/audit').query(query).set(...admin.auth).expect(400);
      expect(res.body.field ?? JSON.stringify(res.body.message)).toContain(field);
    });

    it('refuses bad filters', async () => {
      await h.http.get('/api/audit').query({ outcome: 'maybe' }).set(...admin.auth).expect(400);
      await h.http.get('/api/audit').query({ action: "token.create' OR 1=1" }).set(...admin.auth).expect(400);
      await h.http.get('/api/audit').query({ pageSize: '501' }).set(...admin.auth).expect(400);
    });
  });
});
