// Changing a token after it was made (WHM api_token_update): name, privileges, allowlist and
// expiry in one call, all or nothing, under the same no-escalation rules as creating one — a
// change that makes a token more usable needs a credential that could have created it so; a
// token can never widen itself. Also: finding one's own token by its secret, and revoking that
// passes over unknown names. On SQLite, PostgreSQL and MariaDB.
import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ApiTokensService, AuditLogService, type Principal } from 'nestjs-api-tokens';
import { DB_KINDS } from '../support/databases.js';
import { TEST_PRIVILEGES, useTokenTestApp } from './support/token-test-app.js';
import { aliceCpanel as cpanel, AT_HOME, ELSEWHERE, HOME, XFF } from './support/headers.js';
import { refusal } from './support/refusal.js';

jest.setTimeout(60_000);

const DAY = 86_400_000;

describe.each(DB_KINDS)('updating API tokens on %s', (kind) => {
  const suite = useTokenTestApp(kind, {
    tokens: { trustedProxies: ['127.0.0.1'], privileges: TEST_PRIVILEGES, failureLimit: false, cache: { max: 1000, ttlMs: 60_000 } },
    accounts: ['alice', 'bob'],
  });
  let tokens: ApiTokensService;
  let ds: DataSource;
  let n = 0;
  const name = (): string => `upd-${++n}`;

  /** The Principal the guard builds for a token used from `ip`. */
  const principal = async (token: string, ip = AT_HOME): Promise<Principal> =>
    (await suite.http.get('/t/limited-whoami').set(XFF, ip).set(...cpanel(token)).expect(200)).body as Principal;
  /** Whether a token passes the guard of GET /t/list from `ip`. */
  const works = async (token: string, ip: string): Promise<boolean> => {
    const res = await suite.http.get('/t/list').set(XFF, ip).set(...cpanel(token));
    expect([200, 401, 403]).toContain(res.status);
    return res.status === 200;
  };
  const rows = (): Promise<unknown> =>
    ds.query('SELECT name, full_access, privileges, allowed_ips, expires_at FROM api_tokens ORDER BY name') as Promise<unknown>;

  beforeAll(() => {
    tokens = suite.app.get(ApiTokensService);
    ds = suite.app.get(DataSource);
  });

  it('changes name, privileges, allowlist and expiry in one call, at once for a cached token', async () => {
    const { token } = await tokens.create('alice', { name: 'reshape', privileges: ['list'] });
    expect(await works(token, ELSEWHERE)).toBe(true); // now cached
    const expiresAt = new Date(Date.now() + 10 * DAY);
    const view = await tokens.update('alice', 'reshape', {
      newName: 'reshaped',
      privileges: ['list', 'add'],
      allowedIps: [` ${AT_HOME} `, '198.51.100.7/32', '2001:db8::/48', '192.0.2.0/24'],
      expiresAt,
    });
    expect(view).toMatchObject({ name: 'reshaped', fullAccess: false, privileges: ['list', 'add'], allowedIps: ['192.0.2.0/24', AT_HOME, '2001:db8::/48'] });
    expect(view.expiresAt?.getTime()).toBe(expiresAt.getTime());
    expect(await works(token, ELSEWHERE)).toBe(false);
    expect(await works(token, AT_HOME)).toBe(true);
    await expect(tokens.get('alice', 'reshape')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await tokens.get('alice', 'reshaped')).toMatchObject({ privileges: ['list', 'add'] });
  });

  it('leaves absent fields as they are, and resets with null: unrestricted, any address, never expires', async () => {
    const { token } = await tokens.create('alice', { name: 'resettable', privileges: ['list'], allowedIps: [HOME], expiresAt: '2099-01-01' });
    const unchanged = await tokens.update('alice', 'resettable', {});
    expect(unchanged).toMatchObject({ name: 'resettable', fullAccess: false, privileges: ['list'], allowedIps: [HOME] });
    expect(unchanged.expiresAt).not.toBeNull();
    const reset = await tokens.update('alice', 'resettable', { privileges: null, allowedIps: null, expiresAt: null });
    expect(reset).toMatchObject({ fullAccess: true, privileges: [], allowedIps: [], expiresAt: null });
    expect(await works(token, ELSEWHERE)).toBe(true);
    // An empty allowlist is "any address" too; the same name is no rename.
    await tokens.update('alice', 'resettable', { allowedIps: [AT_HOME] });
    expect(await tokens.update('alice', 'resettable', { allowedIps: [], newName: 'resettable' })).toMatchObject({ name: 'resettable', allowedIps: [] });
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    await tokens.create('alice', { name: 'steady', privileges: ['list'] });
    await tokens.create('alice', { name: 'taken' });
    const before = await rows();
    const cases: Array<[Parameters<ApiTokensService['update']>[2], string, string, number]> = [
      [{ newName: 'bad name!' }, 'INVALID_NAME', 'newName', 400],
      [{ newName: 'taken' }, 'NAME_EXISTS', 'newName', 409],
      [{ privileges: ['nope' as never] }, 'UNKNOWN_PRIVILEGE', 'privileges', 400],
      [{ privileges: [] }, 'INVALID_ARGUMENT', 'privileges', 400],
      [{ allowedIps: ['300.1.1.1'] }, 'INVALID_IP', 'allowedIps', 400],
      [{ allowedIps: Array.from({ length: 101 }, (_, i) => `10.0.${i}.1`) }, 'INVALID_ARGUMENT', 'allowedIps', 400],
      [{ allowedIps: ['0.0.0.0/0'] }, 'WIDE_RANGE', 'allowedIps', 400],
      [{ expiresAt: '2001-01-01' }, 'EXPIRY_NOT_FUTURE', 'expiresAt', 400],
      [{ expiresAt: 'soon' }, 'INVALID_EXPIRY', 'expiresAt', 400],
      [{ newName: 'fine-name', privileges: ['list', 'add'], expiresAt: 'soon' }, 'INVALID_EXPIRY', 'expiresAt', 400],
    ];
    for (const [changes, code, field, status] of cases) {
      const error = await refusal(tokens.update('alice', 'steady', changes));
      expect([error.code, error.field, error.getStatus()]).toEqual([code, field, status]);
    }
    const missing = await refusal(tokens.update('alice', 'no-such-token', { privileges: ['list'] }));
    expect([missing.code, missing.getStatus()]).toEqual(['NOT_FOUND', 404]);
    expect(await rows()).toEqual(before);
    // 100 entries is the limit, not an error.
    expect((await tokens.update('alice', 'steady', { allowedIps: Array.from({ length: 100 }, (_, i) => `10.0.${i}.1`) })).allowedIps).toHaveLength(100);
    // The owner's explicit opt-in allows a wide range.
    expect((await tokens.update('alice', 'steady', { allowedIps: ['0.0.0.0/0'], allowWideRanges: true })).allowedIps).toEqual(['0.0.0.0/0']);
  });

  describe('a limited credential (manages tokens, holds list)', () => {
    let me: Principal;

    beforeAll(async () => {
      const { token } = await tokens.create('alice', { name: 'limited-manager', privileges: ['list', 'apitokens'] });
      me = await principal(token);
    });

    it('narrows and renames any token, even one holding what it lacks', async () => {
      await tokens.create('alice', { name: 'wide-one' });
      expect(await tokens.update(me, 'wide-one', { newName: 'wide-renamed' })).toMatchObject({ fullAccess: true });
      expect(await tokens.update(me, 'wide-renamed', { privileges: ['list'], allowedIps: [HOME], expiresAt: new Date(Date.now() + DAY) })).toMatchObject({
        fullAccess: false,
        privileges: ['list'],
        allowedIps: [HOME],
      });
      await tokens.create('alice', { name: 'adder', privileges: ['add', 'list'] });
      expect(await tokens.update(me, 'adder', { privileges: ['add'], allowedIps: [AT_HOME] })).toMatchObject({ privileges: ['add'] });
    });

    it('never grants what it lacks, makes a token unrestricted, or widens one holding what it lacks', async () => {
      await tokens.create('alice', { name: 'lister', privileges: ['list'], allowedIps: [AT_HOME] });
      await tokens.create('alice', { name: 'bound-adder', privileges: ['add'], allowedIps: [AT_HOME], expiresAt: new Date(Date.now() + DAY) });
      const before = await rows();
      const cases: Array<[string, Parameters<ApiTokensService['update']>[2], string, string]> = [
        ['lister', { privileges: ['list', 'add'] }, 'PRIVILEGE_NOT_HELD', 'privileges'],
        ['lister', { privileges: null }, 'PRIVILEGE_NOT_HELD', 'privileges'],
        ['bound-adder', { allowedIps: [HOME] }, 'PRIVILEGE_NOT_HELD', 'privileges'],
        ['bound-adder', { allowedIps: null }, 'PRIVILEGE_NOT_HELD', 'privileges'],
        ['bound-adder', { expiresAt: null }, 'PRIVILEGE_NOT_HELD', 'privileges'],
      ];
      for (const [target, changes, code, field] of cases) {
        const error = await refusal(tokens.update(me, target, changes));
        expect([target, error.code, error.field, error.getStatus()]).toEqual([target, code, field, 403]);
      }
      expect(await rows()).toEqual(before);
      // Widening what it holds itself is fine: it is unbound.
      expect(await tokens.update(me, 'lister', { allowedIps: null, expiresAt: null })).toMatchObject({ allowedIps: [], expiresAt: null });
    });
  });

  describe('a credential bound to addresses and a date', () => {
    let me: Principal;
    let own: string;
    const until = new Date(Date.now() + 30 * DAY);

    beforeAll(async () => {
      own = (await tokens.create('alice', { name: 'bound-manager', allowedIps: [HOME], expiresAt: until })).token;
      me = await principal(own);
    });

    it('sets allowlists and expiries within its own only', async () => {
      await tokens.create('alice', { name: 'child', privileges: ['list'], allowedIps: [AT_HOME], expiresAt: new Date(Date.now() + DAY) });
      expect(await tokens.update(me, 'child', { allowedIps: [HOME], expiresAt: new Date(Date.now() + 2 * DAY) })).toMatchObject({ allowedIps: [HOME] });
      const before = await rows();
      for (const [changes, field] of [
        [{ allowedIps: [ELSEWHERE] }, 'allowedIps'],
        [{ allowedIps: null }, 'allowedIps'],
        [{ expiresAt: new Date(until.getTime() + DAY) }, 'expiresAt'],
        [{ expiresAt: null }, 'expiresAt'],
      ] as const) {
        const error = await refusal(tokens.update(me, 'child', changes));
        expect([error.code, error.field, error.getStatus()]).toEqual(['BINDING_EXCEEDED', field, 403]);
      }
      expect(await rows()).toEqual(before);
    });

    it('cannot widen itself, but can narrow itself', async () => {
      for (const changes of [{ allowedIps: null }, { allowedIps: [HOME, ELSEWHERE] }, { expiresAt: null }]) {
        const error = await refusal(tokens.update(me, 'bound-manager', changes));
        expect(error.code).toBe('BINDING_EXCEEDED');
      }
      expect(await works(own, ELSEWHERE)).toBe(false);
      await tokens.update(me, 'bound-manager', { allowedIps: [AT_HOME] });
      expect(await works(own, '198.51.100.8')).toBe(false);
      expect(await works(own, AT_HOME)).toBe(true);
    });
  });

  it('records every update in the audit log, with the fields changed and never a secret', async () => {
    const { token } = await tokens.create('alice', { name: 'audited', privileges: ['list'] });
    await tokens.update('alice', 'audited', { newName: 'audited-2', privileges: ['add'] });
    await refusal(tokens.update('alice', 'audited-2', { privileges: ['nope' as never] }));
    const audit = suite.app.get(AuditLogService);
    await audit.flush();
    const page = await audit.query({ action: 'token.update', actor: 'alice' });
    const entries = page.items.filter((e) => e.target === 'audited-2' || e.details.name === 'audited-2');
    expect(entries.map((e) => [e.outcome, e.details.changed])).toEqual(
      expect.arrayContaining([
        ['success', ['newName', 'privileges']],
        ['failure', ['privileges']],
      ]),
    );
    expect(JSON.stringify(page.items)).not.toContain(token);
  });

  it('finds one of the actor’s tokens by its secret, and nothing else', async () => {
    const mine = await tokens.create('alice', { name: 'findable', privileges: ['list'] });
    const theirs = await tokens.create('bob', { name: 'findable' });
    expect(await tokens.getByToken('alice', mine.token)).toMatchObject({ name: 'findable', owner: 'alice', privileges: ['list'] });
    expect(await tokens.getByToken('alice', theirs.token)).toBeNull();
    expect(await tokens.getByToken('alice', 'A'.repeat(32))).toBeNull();
    expect(await tokens.getByToken('alice', 'short')).toBeNull();
    await tokens.revoke('alice', 'findable');
    expect(await tokens.getByToken('alice', mine.token)).toBeNull();
  });

  it('revokes the tokens that exist and passes over unknown names when asked to', async () => {
    await tokens.create('alice', { name: 'gone-1' });
    await tokens.create('alice', { name: 'gone-2' });
    const strict = await refusal(tokens.revoke('alice', ['gone-1', 'never-was']));
    expect(strict.code).toBe('NOT_FOUND');
    expect(await tokens.get('alice', 'gone-1')).toBeDefined();
    expect(await tokens.revoke('alice', ['gone-1', 'never-was', 'gone-2'], { ignoreUnknown: true })).toEqual(expect.arrayContaining(['gone-1', 'gone-2']));
    expect(await tokens.revoke('alice', ['never-was'], { ignoreUnknown: true })).toEqual([]);
  });
});
