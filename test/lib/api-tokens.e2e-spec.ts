// The library's API-token rules, end to end over HTTP, on SQLite, PostgreSQL and MariaDB.
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  ApiTokensService,
  TOKENS_ACCOUNT_PROVIDER,
  TokenAuthenticator,
  TokensCache,
  TokensError,
  type InMemoryAccountProvider,
} from 'nestjs-api-tokens';
import { flushPendingWrites } from 'nestjs-api-tokens/testing';
import { tokenRequest } from '../support/credential-requests.js';
import { PLATFORM_DBS } from './support/platforms.js';
import { useTokenTestApp } from './support/token-test-app.js';

const auth = (user: string, token: string): [string, string] => ['Authorization', `cpanel ${user}:${token}`];

describe.each(PLATFORM_DBS)('API tokens on %s with %s', (platform, kind) => {
  const suite = useTokenTestApp(kind, { platform, tokens: { timeZone: 'UTC' }, accounts: ['alice', 'bob'] });
  let tokens: ApiTokensService;
  let accounts: InMemoryAccountProvider;

  beforeAll(() => {
    tokens = suite.app.get(ApiTokensService);
    accounts = suite.app.get(TOKENS_ACCOUNT_PROVIDER);
    accounts.register('limited', ['list']);
  });

  describe('create', () => {
    it('returns a 32-character token once and stores only its keyed hash', async () => {
      const { token, item } = await tokens.create('alice', { name: 'stored-check' });
      expect(token).toMatch(/^[0-9A-Z]{32}$/);
      expect(item).toMatchObject({ name: 'stored-check', fullAccess: true, expiresAt: null, status: 'active' });
      expect(JSON.stringify(item)).not.toContain(token);
      const rows: Record<string, unknown>[] = await suite.app.get(DataSource).query('SELECT * FROM api_tokens');
      const dump = JSON.stringify(rows);
      expect(dump).not.toContain(token);
      expect(dump.toUpperCase()).not.toContain(token);
      expect(rows.find((r) => r.name === 'stored-check')?.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it.each([
      ['', 'The “name” argument cannot be empty.'],
      ['a'.repeat(51), 'is not a valid API token name'],
      ['has space', 'is not a valid API token name'],
      ['ünïcode', 'is not a valid API token name'],
      ['semi;colon', 'is not a valid API token name'],
    ])('refuses the name %p', async (name, message) => {
      await expect(tokens.create('alice', { name })).rejects.toThrow(message);
    });

    it('accepts 50 characters of every allowed kind', async () => {
      const name = `${'aZ09_-'.repeat(8)}xy`;
      expect(name).toHaveLength(50);
      await expect(tokens.create('alice', { name })).resolves.toBeDefined();
    });

    it('refuses a missing name with the cPanel text', async () => {
      await expect(tokens.create('alice', { name: undefined as never })).rejects.toThrow('Provide the “name” argument.');
    });

    it('keeps names unique per owner, not across owners', async () => {
      await tokens.create('alice', { name: 'shared' });
      await expect(tokens.create('alice', { name: 'shared' })).rejects.toThrow('A conflicting API token with the name “shared” already exists.');
      await expect(tokens.create('bob', { name: 'shared' })).resolves.toBeDefined();
    });

    it('names are case-sensitive on every database', async () => {
      await tokens.create('alice', { name: 'CaseName' });
      await expect(tokens.create('alice', { name: 'casename' })).resolves.toBeDefined();
    });

    it('lets exactly one of two concurrent creates with one name succeed', async () => {
      const results = await Promise.allSettled([tokens.create('alice', { name: 'race' }), tokens.create('alice', { name: 'race' })]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(failure.reason).toBeInstanceOf(TokensError);
      expect((failure.reason as TokensError).code).toBe('DUPLICATE_NAME');
    });

    it('ends a date-only expiry at 23:59:59 in the configured zone and accepts epoch seconds', async () => {
      const a = await tokens.create('alice', { name: 'dated', expiresAt: '2099-03-04' });
      expect(a.item.expiresAt?.toISOString()).toBe('2099-03-04T23:59:59.000Z');
      const b = await tokens.create('alice', { name: 'epoch', expiresAt: 4_000_000_000 });
      expect(b.item.expiresAt?.getTime()).toBe(4_000_000_000_000);
    });

    it('gives an expiring token without a date one year from today', async () => {
      const now = new Date('2026-11-22T10:00:00Z');
      const { item } = await tokens.create('alice', { name: 'default-expiry', expiresAt: 'default' }, now);
      expect(item.expiresAt?.toISOString()).toBe('2027-11-22T23:59:59.000Z');
    });

    it('refuses past dates, impossible dates and garbage', async () => {
      await expect(tokens.create('alice', { name: 'past', expiresAt: '2020-01-01' })).rejects.toThrow('must be a future date');
      await expect(tokens.create('alice', { name: 'feb30', expiresAt: '2027-02-30' })).rejects.toThrow('not a valid date');
      await expect(tokens.create('alice', { name: 'junk', expiresAt: 'soon' })).rejects.toThrow('not a valid date');
    });

    it('refuses unknown privileges and an empty privilege list', async () => {
      await expect(tokens.create('alice', { name: 'bad-priv', privileges: ['nope' as never] })).rejects.toThrow('is not a known privilege');
      await expect(tokens.create('alice', { name: 'no-priv', privileges: [] })).rejects.toThrow('at least one privilege');
    });

    it('refuses privileges the owner does not hold', async () => {
      await expect(tokens.create('limited', { name: 'grab', privileges: ['add'] })).rejects.toThrow('you do not hold it');
    });

    it('refuses unknown and disabled owners', async () => {
      await expect(tokens.create('nobody', { name: 'x' })).rejects.toThrow('does not exist or is disabled');
    });
  });

  describe('authentication over HTTP', () => {
    let full: string;
    let limitedList: string;

    beforeAll(async () => {
      full = (await tokens.create('alice', { name: 'http-full' })).token;
      limitedList = (await tokens.create('alice', { name: 'http-list', privileges: ['list'] })).token;
    });

    it('accepts a valid token and yields the principal', async () => {
      const res = await suite.http.get('/t/whoami').set(...auth('alice', full)).expect(200);
      expect(res.body).toMatchObject({
        user: 'alice',
        fullAccess: true,
        credential: { kind: 'api-token', name: 'http-full' },
      });
      expect(res.body.privileges).toEqual(expect.arrayContaining(['list', 'add', 'expire', 'apitokens']));
    });

    it('parses the scheme case-insensitively and splits at the first colon', async () => {
      await suite.http.get('/t/whoami').set('Authorization', `CPANEL alice:${full}`).expect(200);
      await suite.http.get('/t/whoami').set('Authorization', `cPanel alice:${full}`).expect(200);
      await suite.http.get('/t/whoami').set('Authorization', `cpanel alice:${full}:extra`).expect(401);
    });

    it('refuses the whm scheme unless it is enabled', async () => {
      await suite.http.get('/t/whoami').set('Authorization', `whm alice:${full}`).expect(401);
    });

    it('answers every bad credential with the same 401 and a challenge', async () => {
      const forged = `${full.slice(0, 31)}${full[31] === 'A' ? 'B' : 'A'}`;
      const cases: Array<[string, string | undefined]> = [
        ['missing', undefined],
        ['malformed', 'cpanel alice'],
        ['wrong scheme', `Bearer ${full}`],
        ['forged', `cpanel alice:${forged}`],
        ['other user', `cpanel bob:${full}`],
        ['unknown user', `cpanel nobody:${full}`],
        ['lower case', `cpanel alice:${full.toLowerCase()}`],
        ['too long', `cpanel alice:${'A'.repeat(5000)}`],
        ['control chars', `cpanel alice:${full.slice(0, 10)}\u0001${full.slice(11)}`],
      ];
      const bodies = new Set<string>();
      for (const [, header] of cases) {
        const req = suite.http.get('/t/whoami');
        if (header !== undefined) req.set('Authorization', header);
        const res = await new Promise<request.Response | Error>((resolve) => req.then(resolve, resolve));
        if (!('status' in res)) {
          expect(String(res)).toContain('Invalid character'); // Node's client refuses to send it at all
          continue;
        }
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toBe('cpanel realm="API"');
        bodies.add(JSON.stringify(res.body));
      }
      expect(bodies.size).toBe(1);
    });

    it('lets public routes through without credentials', async () => {
      await suite.http.get('/t/public').expect(200);
    });

    it('lets a limited token call only routes whose privileges it holds', async () => {
      await suite.http.get('/t/list').set(...auth('alice', limitedList)).expect(200);
      const both = await suite.http.get('/t/list-and-add').set(...auth('alice', limitedList)).expect(403);
      expect(both.body.message).toContain('Add a New License');
      expect(both.body.privilege).toBe('add');
      // a route without @RequirePrivilege is closed to limited tokens
      await suite.http.get('/t/whoami').set(...auth('alice', limitedList)).expect(403);
    });

    it('lets a full-access token call privilege-less routes and hold all owner privileges', async () => {
      await suite.http.get('/t/list-and-add').set(...auth('alice', full)).expect(200);
    });

    it('intersects a limited token with the owner privileges, live', async () => {
      accounts.register('carol');
      const { token } = await tokens.create('carol', { name: 'c1', privileges: ['list', 'add'] });
      await suite.http.get('/t/list-and-add').set(...auth('carol', token)).expect(200);
      accounts.register('carol', ['list']);
      await suite.app.get(TokensCache).invalidateOwner('carol');
      await suite.http.get('/t/list-and-add').set(...auth('carol', token)).expect(403);
      await suite.http.get('/t/list').set(...auth('carol', token)).expect(200);
    });

    it('refuses every token of a disabled owner', async () => {
      accounts.register('dave');
      const { token } = await tokens.create('dave', { name: 'd1' });
      await suite.http.get('/t/whoami').set(...auth('dave', token)).expect(200);
      accounts.disable('dave');
      await suite.app.get(TokensCache).invalidateOwner('dave');
      await suite.http.get('/t/whoami').set(...auth('dave', token)).expect(401);
    });

    it('refuses an expired token but keeps listing it as expired', async () => {
      const now = new Date();
      const { token } = await tokens.create('alice', { name: 'short-lived', expiresAt: Math.floor(now.getTime() / 1000) + 2 });
      await suite.http.get('/t/whoami').set(...auth('alice', token)).expect(200);
      await new Promise((r) => setTimeout(r, 2100));
      await suite.http.get('/t/whoami').set(...auth('alice', token)).expect(401);
      const listed = await tokens.get('alice', 'short-lived');
      expect(listed.status).toBe('expired');
    });

    it('refuses a revoked token as soon as the revoke has answered', async () => {
      const { token } = await tokens.create('alice', { name: 'to-revoke' });
      await suite.http.get('/t/whoami').set(...auth('alice', token)).expect(200); // now cached
      await tokens.revoke('alice', ['to-revoke']);
      await suite.http.get('/t/whoami').set(...auth('alice', token)).expect(401);
    });

    it('records last-used time and address without writing on the request path, and flushes', async () => {
      const { token } = await tokens.create('alice', { name: 'usage' });
      await suite.http.get('/t/whoami').set(...auth('alice', token)).expect(200);
      const ds = suite.app.get(DataSource);
      const before = await ds.query(`SELECT last_used_at FROM api_tokens WHERE name = 'usage'`);
      expect(before[0].last_used_at).toBeNull();
      const view = await tokens.get('alice', 'usage');
      expect(view.lastUsedAt).toBeInstanceOf(Date);
      expect(view.lastUsedIp).toMatch(/127\.0\.0\.1|::1/);
      await flushPendingWrites(suite.app);
      const after = await ds.query(`SELECT last_used_at, last_used_ip FROM api_tokens WHERE name = 'usage'`);
      expect(Number(after[0].last_used_at)).toBeGreaterThan(0);
      expect(after[0].last_used_ip).toMatch(/127\.0\.0\.1|::1/);
    });
  });

  describe('no escalation', () => {
    it('a limited principal cannot create an unrestricted token or grant what it lacks', async () => {
      const { token } = await tokens.create('alice', { name: 'mgr', privileges: ['list', 'apitokens'] });
      const authenticator = suite.app.get(TokenAuthenticator);
      const me = await authenticator.authenticate(tokenRequest('alice', token));
      await expect(tokens.create(me, { name: 'escalate' })).rejects.toThrow('cannot create an unrestricted token');
      await expect(tokens.create(me, { name: 'escalate2', privileges: ['add'] })).rejects.toThrow('you do not hold it');
      await expect(tokens.create(me, { name: 'ok-child', privileges: ['list'] })).resolves.toBeDefined();
    });

    it('managing tokens requires the apitokens privilege', async () => {
      const { token } = await tokens.create('alice', { name: 'no-mgmt', privileges: ['list'] });
      const { TokenAuthenticator } = await import('nestjs-api-tokens');
      const me = await suite.app.get(TokenAuthenticator).authenticate(tokenRequest('alice', token));
      await expect(tokens.list(me)).rejects.toThrow('Manage API Tokens');
      await expect(tokens.create(me, { name: 'nope', privileges: ['list'] })).rejects.toThrow('Manage API Tokens');
    });
  });

  describe('list, rename, revoke, delete expired', () => {
    beforeAll(async () => {
      accounts.register('lister');
      const now = new Date();
      await tokens.create('lister', { name: 'b-never' });
      await tokens.create('lister', { name: 'a-soon', expiresAt: Math.floor(now.getTime() / 1000) + 3600 });
      await tokens.create('lister', { name: 'c-later', expiresAt: '2099-01-01' });
      // Expires two seconds from the moment it is created (not from \`now\`: the three creates
      // above may take longer than a second on a busy machine), then is waited out.
      const oldUntil = Math.floor(Date.now() / 1000) + 2;
      await tokens.create('lister', { name: 'd-old', expiresAt: oldUntil });
      await new Promise((r) => setTimeout(r, Math.max(0, oldUntil * 1000 - Date.now()) + 100));
    });

    it('pages and sorts by name, created and expires, with statuses', async () => {
      const byName = await tokens.list('lister', { sort: 'name', pageSize: 2 });
      expect(byName.total).toBe(4);
      expect(byName.items.map((t) => t.name)).toEqual(['a-soon', 'b-never']);
      const page2 = await tokens.list('lister', { sort: 'name', pageSize: 2, page: 2 });
      expect(page2.items.map((t) => t.name)).toEqual(['c-later', 'd-old']);
      const byExpiry = await tokens.list('lister', { sort: 'expires' });
      expect(byExpiry.items.map((t) => t.name)).toEqual(['d-old', 'a-soon', 'c-later', 'b-never']);
      const byExpiryDesc = await tokens.list('lister', { sort: 'expires', order: 'desc' });
      expect(byExpiryDesc.items.map((t) => t.name)).toEqual(['b-never', 'c-later', 'a-soon', 'd-old']);
      const statuses = Object.fromEntries(byExpiry.items.map((t) => [t.name, t.status]));
      expect(statuses).toEqual({ 'd-old': 'expired', 'a-soon': 'expiring_soon', 'c-later': 'active', 'b-never': 'active' });
      const byCreated = await tokens.list('lister', { sort: 'created', order: 'desc' });
      expect(byCreated.items).toHaveLength(4);
    });

    it('renames with the cPanel rules', async () => {
      await expect(tokens.rename('lister', 'b-never', 'b-never')).rejects.toThrow('“new_name” must be a different value from “name”.');
      await expect(tokens.rename('lister', 'ghost', 'x')).rejects.toThrow('The API token “ghost” does not exist.');
      await expect(tokens.rename('lister', 'b-never', 'c-later')).rejects.toThrow('An API token with the name “c-later” already exists.');
      await expect(tokens.rename('lister', 'b-never', 'bad name')).rejects.toThrow('is not a valid API token name');
      const renamed = await tokens.rename('lister', 'b-never', 'b-renamed');
      expect(renamed.name).toBe('b-renamed');
    });

    it('revokes several at once, or none when one is unknown', async () => {
      await expect(tokens.revoke('lister', ['a-soon', 'ghost'])).rejects.toThrow('The API token “ghost” does not exist.');
      expect((await tokens.list('lister')).total).toBe(4);
      await expect(tokens.revoke('lister', ['a-soon', 'c-later'])).resolves.toEqual(expect.arrayContaining(['a-soon', 'c-later']));
      expect((await tokens.list('lister')).items.map((t) => t.name).sort()).toEqual(['b-renamed', 'd-old']);
    });

    it('deletes expired tokens only when asked', async () => {
      expect(await tokens.deleteExpired('lister')).toEqual(['d-old']);
      expect((await tokens.list('lister')).items.map((t) => t.name)).toEqual(['b-renamed']);
    });
  });

  it('has migrations that match the entities (no pending schema change) and run twice harmlessly', async () => {
    const ds = suite.app.get(DataSource);
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    await ds.undoLastMigration().catch(() => undefined);
    await ds.runMigrations();
    await ds.runMigrations();
  });
});
