// Rolling tokens and authorization keys: a new secret with the same name, privileges, binding and
// expiry; the previous one keeps working until the grace the owner chose (0 = at once), never past
// the expiry, then is refused like a revoked one — even by an instance that cached it, without
// any message. The grace is capped; rolling again replaces the previous secret; a limited
// credential cannot roll what it could not create. The owner sees why a secret was refused. On
// SQLite, PostgreSQL and MariaDB.
import { setTimeout as sleep } from 'node:timers/promises';
import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ApiTokensService, AuditLogService, AuthorizationKeysService, type Principal } from 'nestjs-api-tokens';
import { DB_KINDS } from '../support/databases.js';
import { TEST_PRIVILEGES, useTokenTestApp } from './support/token-test-app.js';
import { aliceCpanel as cpanel, AT_HOME, ELSEWHERE, XFF } from './support/headers.js';
import { refusal } from './support/refusal.js';

jest.setTimeout(60_000);

const HOUR = 3_600_000;

describe.each(DB_KINDS)('rolling credentials on %s', (kind) => {
  const suite = useTokenTestApp(kind, {
    accounts: ['alice', 'bob'],
    // A long cache TTL: every refusal below comes from the grace end the cached record carries,
    // or from an invalidation, never from the entry ageing out.
    tokens: { trustedProxies: ['127.0.0.1'], privileges: TEST_PRIVILEGES, failureLimit: false, cache: { max: 1000, ttlMs: 60_000 }, rotation: { maxGraceSeconds: 86_400 } },
  });
  let tokens: ApiTokensService;
  let keys: AuthorizationKeysService;
  let ds: DataSource;

  /** The status GET /t/list answers a token used from `ip`. */
  const statusOf = async (token: string, ip = AT_HOME): Promise<number> => (await suite.http.get('/t/list').set(XFF, ip).set(...cpanel(token))).status;
  const keyStatus = async (key: string): Promise<number> => (await suite.http.get('/t/list').auth('alice', key)).status;
  const principal = async (token: string, ip = AT_HOME): Promise<Principal> =>
    (await suite.http.get('/t/limited-whoami').set(XFF, ip).set(...cpanel(token)).expect(200)).body as Principal;
  const hashes = async (name: string): Promise<{ secret_hash: string; previous_secret_hash: string | null }> =>
    ((await ds.query(`SELECT secret_hash, previous_secret_hash FROM api_tokens WHERE name = '${name}'`)) as { secret_hash: string; previous_secret_hash: string | null }[])[0]!;

  beforeAll(() => {
    tokens = suite.app.get(ApiTokensService);
    keys = suite.app.get(AuthorizationKeysService);
    ds = suite.app.get(DataSource);
  });

  describe('tokens', () => {
    it('issues a new secret with the same name, privileges, allowlist and expiry; the old one works through the grace', async () => {
      const expiresAt = new Date(Date.now() + 48 * HOUR);
      const { token: old, item } = await tokens.create('alice', { name: 'ci', privileges: ['list'], allowedIps: ['198.51.100.0/24'], expiresAt });
      expect(await statusOf(old)).toBe(200); // cached now
      const before = Date.now();
      const rolled = await tokens.roll('alice', 'ci', { graceSeconds: 3600 });
      expect(rolled.token).not.toBe(old);
      expect(rolled.token).toMatch(/^[0-9A-Z]{32}$/);
      expect(rolled.item).toMatchObject({ id: item.id, name: 'ci', privileges: ['list'], allowedIps: ['198.51.100.0/24'], fullAccess: false });
      expect(rolled.item.expiresAt?.getTime()).toBe(item.expiresAt?.getTime());
      expect(rolled.previousValidUntil.getTime()).toBeGreaterThanOrEqual(before + HOUR);
      expect(rolled.previousValidUntil.getTime()).toBeLessThanOrEqual(Date.now() + HOUR);
      expect(await statusOf(old)).toBe(200);
      expect(await statusOf(rolled.token)).toBe(200);
      // Same binding: both refused from an address outside the allowlist.
      expect(await statusOf(rolled.token, ELSEWHERE)).toBe(401);
      expect(await statusOf(old, ELSEWHERE)).toBe(401);
      // The new secret finds the token; the old one does not (it is no longer the token's secret).
      expect(await tokens.getByToken('alice', rolled.token)).toMatchObject({ name: 'ci' });
      expect(await tokens.getByToken('alice', old)).toBeNull();
      // Only keyed hashes are stored, the previous one beside the current.
      const row = await hashes('ci');
      expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.previous_secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(await ds.query('SELECT * FROM api_tokens'))).not.toContain(old);
    });

    it('refuses the old secret once the grace ends, although this instance cached it, and tells the owner why', async () => {
      const { token: old, item } = await tokens.create('alice', { name: 'short-grace', privileges: ['list'] });
      expect(await statusOf(old)).toBe(200);
      const rolled = await tokens.roll('alice', 'short-grace', { graceSeconds: 1 });
      expect(await statusOf(old)).toBe(200); // read again with its grace end, and cached so
      await sleep(Math.max(0, rolled.previousValidUntil.getTime() - Date.now()) + 50);
      // No invalidation happened since: the cached record's grace end alone refuses it.
      const res = await suite.http.get('/t/list').set(XFF, ELSEWHERE).set(...cpanel(old));
      expect(res.status).toBe(401);
      expect(await statusOf(rolled.token)).toBe(200);
      const unknown = await suite.http.get('/t/list').set(XFF, ELSEWHERE).set(...cpanel('ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ'));
      // The same uniform answer as any refused credential.
      expect(res.body).toEqual(unknown.body);
      expect(res.headers['www-authenticate']).toBe(unknown.headers['www-authenticate']);

      await suite.app.get(AuditLogService).flush();
      const refusals = await tokens.recentRefusals('alice', 'short-grace');
      expect(refusals[0]).toMatchObject({ reason: 'rolled', ip: ELSEWHERE });
      const entries = await suite.app.get(AuditLogService).query({ action: 'auth.authenticate', credentialId: item.id });
      expect(entries.items[0]?.details).toMatchObject({ code: 'rolled' });
    });

    it('with grace 0 the old secret stops at once, on a cached verification too', async () => {
      const { token: old } = await tokens.create('alice', { name: 'leaked', privileges: ['list'] });
      expect(await statusOf(old)).toBe(200);
      const rolled = await tokens.roll('alice', 'leaked', { graceSeconds: 0 });
      expect(rolled.previousValidUntil.getTime()).toBeLessThanOrEqual(Date.now());
      expect(await statusOf(old)).toBe(401);
      expect(await statusOf(rolled.token)).toBe(200);
      // The default grace is 0.
      const again = await tokens.roll('alice', 'leaked');
      expect(await statusOf(rolled.token)).toBe(401);
      expect(await statusOf(again.token)).toBe(200);
    });

    it('never lets the old secret outlive the token', async () => {
      const expiresAt = new Date(Date.now() + 30 * 60_000);
      await tokens.create('alice', { name: 'ending', privileges: ['list'], expiresAt });
      const rolled = await tokens.roll('alice', 'ending', { graceSeconds: 86_400 });
      expect(rolled.previousValidUntil.getTime()).toBe(expiresAt.getTime());
    });

    it('caps the grace at rotation.maxGraceSeconds: a longer one is a 400 naming graceSeconds, nothing changed', async () => {
      const { token } = await tokens.create('alice', { name: 'capped', privileges: ['list'] });
      const before = await hashes('capped');
      for (const graceSeconds of [86_401, -1, 1.5, '60' as unknown as number]) {
        const error = await refusal(tokens.roll('alice', 'capped', { graceSeconds }));
        expect(error.getStatus()).toBe(400);
        expect(error.field).toBe('graceSeconds');
      }
      expect(await hashes('capped')).toEqual(before);
      expect(await statusOf(token)).toBe(200);
      expect((await refusal(tokens.roll('alice', 'no-such-token', { graceSeconds: 0 }))).getStatus()).toBe(404);
      expect((await refusal(tokens.roll('bob', 'capped', { graceSeconds: 0 }))).getStatus()).toBe(404);
    });

    it('rolling again while a grace runs replaces the previous secret', async () => {
      const { token: first } = await tokens.create('alice', { name: 'twice', privileges: ['list'] });
      expect(await statusOf(first)).toBe(200);
      const second = await tokens.roll('alice', 'twice', { graceSeconds: 3600 });
      expect(await statusOf(second.token)).toBe(200);
      const third = await tokens.roll('alice', 'twice', { graceSeconds: 3600 });
      expect(await statusOf(first)).toBe(401);
      expect(await statusOf(second.token)).toBe(200);
      expect(await statusOf(third.token)).toBe(200);
    });

    it('revoking a token in its grace stops both secrets at once', async () => {
      const { token: old } = await tokens.create('alice', { name: 'gone', privileges: ['list'] });
      const rolled = await tokens.roll('alice', 'gone', { graceSeconds: 3600 });
      expect(await statusOf(old)).toBe(200);
      expect(await statusOf(rolled.token)).toBe(200);
      await tokens.revoke('alice', 'gone');
      expect(await statusOf(old)).toBe(401);
      expect(await statusOf(rolled.token)).toBe(401);
    });

    it('a limited credential cannot roll what it could not create, and rolls what it could', async () => {
      const { token: manager } = await tokens.create('alice', { name: 'limited-mgr', privileges: ['list', 'apitokens'], allowedIps: ['198.51.100.0/24'] });
      const actor = await principal(manager);
      await tokens.create('alice', { name: 'full', privileges: null });
      await tokens.create('alice', { name: 'with-add', privileges: ['list', 'add'], allowedIps: ['198.51.100.0/24'] });
      await tokens.create('alice', { name: 'anywhere', privileges: ['list'] });
      await tokens.create('alice', { name: 'narrow', privileges: ['list'], allowedIps: [AT_HOME] });
      const snapshot = async (): Promise<unknown> => ds.query("SELECT name, secret_hash, previous_secret_hash FROM api_tokens WHERE name IN ('full', 'with-add', 'anywhere') ORDER BY name");
      const before = await snapshot();
      for (const name of ['full', 'with-add', 'anywhere']) {
        const error = await refusal(tokens.roll(actor, name, { graceSeconds: 0 }));
        expect(error.getStatus()).toBe(403);
      }
      expect(await snapshot()).toEqual(before);
      const rolled = await tokens.roll(actor, 'narrow', { graceSeconds: 60 });
      expect(await statusOf(rolled.token)).toBe(200);
      // Without the right to manage tokens, nothing at all.
      const { token: reader } = await tokens.create('alice', { name: 'reader', privileges: ['list'] });
      expect((await refusal(tokens.roll(await principal(reader), 'narrow'))).getStatus()).toBe(403);
    });

    it('is audited with the grace end, never the secret', async () => {
      const { item } = await tokens.create('alice', { name: 'audited', privileges: ['list'] });
      const rolled = await tokens.roll('alice', 'audited', { graceSeconds: 120 });
      const entries = await suite.app.get(AuditLogService).query({ action: 'token.roll', actor: 'alice' });
      const entry = entries.items.find((e) => e.details.id === item.id);
      expect(entry).toMatchObject({ outcome: 'success', target: 'audited', details: { previousValidUntil: rolled.previousValidUntil.toISOString() } });
      expect(JSON.stringify(entries.items)).not.toContain(rolled.token);
    });
  });

  describe('authorization keys', () => {
    it('rolls a key: same address, service, privileges and expiry; the old key works through the grace, then not', async () => {
      const expiresAt = new Date(Date.now() + 48 * HOUR);
      const { key: old, item } = await keys.create('alice', { ip: '127.0.0.1', service: 'roll-svc', privileges: ['list'], expiresAt });
      expect(await keyStatus(old)).toBe(200);
      const rolled = await keys.roll('alice', item.id, { graceSeconds: 1 });
      expect(rolled.key).not.toBe(old);
      expect(rolled.item).toMatchObject({ id: item.id, ip: '127.0.0.1', service: 'roll-svc', privileges: ['list'] });
      expect(rolled.item.expiresAt?.getTime()).toBe(expiresAt.getTime());
      expect(await keyStatus(old)).toBe(200);
      expect(await keyStatus(rolled.key)).toBe(200);
      await sleep(Math.max(0, rolled.previousValidUntil.getTime() - Date.now()) + 50);
      expect(await keyStatus(old)).toBe(401);
      expect(await keyStatus(rolled.key)).toBe(200);
      await suite.app.get(AuditLogService).flush();
      expect((await keys.recentRefusals('alice', item.id))[0]).toMatchObject({ reason: 'rolled', ip: '127.0.0.1' });
    });

    it('grace 0 stops the old key at once; the cap and unknown ids are refused; removing the key stops both', async () => {
      const { key: old, item } = await keys.create('alice', { ip: '127.0.0.1', service: 'roll-zero', privileges: ['list'] });
      expect(await keyStatus(old)).toBe(200);
      const error = await refusal(keys.roll('alice', item.id, { graceSeconds: 86_401 }));
      expect([error.getStatus(), error.field]).toEqual([400, 'graceSeconds']);
      expect(await keyStatus(old)).toBe(200);
      const rolled = await keys.roll('alice', item.id, { graceSeconds: 0 });
      expect(await keyStatus(old)).toBe(401);
      expect(await keyStatus(rolled.key)).toBe(200);
      expect((await refusal(keys.roll('bob', item.id))).getStatus()).toBe(404);
      const second = await keys.roll('alice', item.id, { graceSeconds: 3600 });
      expect(await keyStatus(rolled.key)).toBe(200);
      await keys.delete('alice', item.id);
      expect(await keyStatus(rolled.key)).toBe(401);
      expect(await keyStatus(second.key)).toBe(401);
    });

    it('a limited credential cannot roll a key it could not create', async () => {
      const { token: manager } = await tokens.create('alice', { name: 'key-mgr', privileges: ['list', 'apitokens'] });
      const { item } = await keys.create('alice', { ip: '127.0.0.1', service: 'roll-limited', privileges: ['list', 'add'] });
      // Keys need a full-access credential to be managed here (no manageKeysPrivilege configured).
      expect((await refusal(keys.roll(await principal(manager), item.id))).getStatus()).toBe(403);
    });
  });
});
