// Cache off, every request looks its credential up: on SQLite and PostgreSQL through one prepared
// statement on the driver that also reads the owner from the app's accounts table
// (`AccountProvider.accountTable`), on MariaDB through the ORM and `findAccount`. The statement
// must find exactly what the ORM finds, and refuse what it refuses: unknown, revoked and expired
// credentials, owners disabled or missing.
import { jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiTokensService, AuthorizationKeysService, type AccountInfo, type AccountProvider } from 'nestjs-api-tokens';
import { AuthorizationKeySource } from '../../libs/api-tokens/src/authkeys/authorization-key.source.js';
import { ApiTokenSource } from '../../libs/api-tokens/src/tokens/api-token.source.js';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../support/databases.js';
import { createTokenTestApp, TEST_PRIVILEGES } from './support/token-test-app.js';

jest.setTimeout(60_000);

/** The app's accounts, in a table of its own next to the library's. */
class TableAccounts implements AccountProvider {
  readonly accountTable = { table: 'test_accounts', username: 'username', enabled: 'enabled', privileges: 'privileges' };
  ds: DataSource | null = null;
  calls = 0;

  async findAccount(username: string): Promise<AccountInfo | null> {
    this.calls++;
    const ds = this.ds as DataSource;
    const p = ds.options.type === 'postgres' ? '$1' : '?';
    const rows = (await ds.query(`SELECT username, enabled, privileges FROM test_accounts WHERE username = ${p}`, [username])) as { username: string; enabled: unknown; privileges: string }[];
    const row = rows[0];
    return row ? { username: row.username, enabled: Boolean(Number(row.enabled)), privileges: JSON.parse(row.privileges) as string[] } : null;
  }
}

describe.each(DB_KINDS)('cache-off lookups on %s', (kind) => {
  const prepared = kind !== 'mariadb';
  let db: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let ds: DataSource;
  let tokens: ApiTokensService;
  const accounts = new TableAccounts();

  const cpanel = (user: string, token: string): [string, string] => ['Authorization', `cpanel ${user}:${token}`];
  const basic = (user: string, key: string): [string, string] => ['Authorization', `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`];
  const sql = (text: string, params: unknown[] = []): Promise<unknown> => ds.query(kind === 'postgres' ? text.replace(/\?/g, (_, i: number) => `$${text.slice(0, i).split('?').length}`) : text, params);
  const tokenSource = (): ApiTokenSource => app.get(ApiTokenSource);
  const keySource = (): AuthorizationKeySource => app.get(AuthorizationKeySource);

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    app = await createTokenTestApp({
      db: db.options,
      tokens: { privileges: TEST_PRIVILEGES, failureLimit: false, refusalDelayMs: 0, cache: { max: 0 }, accountProvider: accounts },
    });
    ds = app.get(DataSource);
    accounts.ds = ds;
    const bool = kind === 'postgres' ? 'boolean' : 'smallint';
    await ds.query(`CREATE TABLE test_accounts (username varchar(64) PRIMARY KEY, enabled ${bool} NOT NULL, privileges text NOT NULL)`);
    const yes = kind === 'postgres' ? 'true' : '1';
    const no = kind === 'postgres' ? 'false' : '0';
    await ds.query(`INSERT INTO test_accounts (username, enabled, privileges) VALUES ('alice', ${yes}, '["list","add"]'), ('bob', ${no}, '["list"]'), ('carol', ${yes}, '["list"]'), ('dave', ${yes}, '["list","add"]')`);
    http = request(app.getHttpServer());
    tokens = app.get(ApiTokensService);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it(`reads token and owner in ${prepared ? 'one statement' : 'the ORM and findAccount'}, for the same principal`, async () => {
    const { token } = await tokens.create('dave', { name: 'one-trip', privileges: ['list', 'add'] });
    await sql('UPDATE test_accounts SET privileges = ? WHERE username = ?', ['["list","expire"]', 'dave']);
    accounts.calls = 0;
    const first = await http.get('/t/limited-whoami').set(...cpanel('dave', token)).expect(200);
    const second = await http.get('/t/limited-whoami').set(...cpanel('dave', token)).expect(200);
    // The account now holds list and expire: the token gets what both hold.
    expect(first.body).toMatchObject({ user: 'dave', fullAccess: false, privileges: ['list'] });
    expect(second.body).toEqual(first.body);
    // Cache off: every request looks the owner up, in the token's statement where there is one.
    expect(accounts.calls).toBe(prepared ? 0 : 2);
  });

  it('finds the same record as the ORM path, for tokens and keys of every shape', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000);
    const made = [
      await tokens.create('alice', { name: 'full' }),
      await tokens.create('alice', { name: 'scoped', privileges: ['add'], allowedIps: ['192.0.2.0/24', '2001:db8::1'], expiresAt }),
    ];
    // Rolled with a grace: the previous secret is found too, with its grace end; and a rate limit.
    const rolling = await tokens.create('alice', { name: 'rolled', rateLimit: { points: 5, windowSeconds: 60 } });
    const rolled = await tokens.roll('alice', 'rolled', { graceSeconds: 60 });
    made.push(rolling, rolled);
    for (const { token } of made) {
      const source = tokenSource();
      const hash = source.codec.hash(token);
      const { account, ...record } = (await source.findByHash(hash)) ?? { account: 'missing' };
      expect(record).toEqual(await source.findThroughOrm(hash));
      expect(account).toEqual(prepared ? { username: 'alice', enabled: true, privileges: ['list', 'add'] } : undefined);
      if (token === rolling.token) expect(record).toMatchObject({ rateLimit: { points: 5, windowSeconds: 60 }, graceEndsAtMs: rolled.previousValidUntil.getTime() });
      if (token === rolled.token) expect(record).toMatchObject({ rateLimit: { points: 5, windowSeconds: 60 }, graceEndsAtMs: null });
    }
    const { key } = await app.get(AuthorizationKeysService).create('alice', { ip: '127.0.0.1', service: 'same-record', privileges: ['list'], expiresAt });
    const keys = keySource();
    const hash = keys.codec.hash(key);
    const { account, ...record } = (await keys.findByHash(hash)) ?? { account: 'missing' };
    expect(record).toEqual(await keys.findThroughOrm(hash));
    expect(record).toMatchObject({ kind: 'authorization-key', owner: 'alice', service: 'same-record', privileges: ['list'], expiresAtMs: expiresAt.getTime() });
    expect(account).toEqual(prepared ? { username: 'alice', enabled: true, privileges: ['list', 'add'] } : undefined);
    await http.get('/t/list').set(...basic('alice', key)).expect(200);
    // SQLite's statement answers in the call (the guard stays synchronous); PostgreSQL's and the ORM's are promises.
    const answer = tokenSource().findByHash(tokenSource().codec.hash(made[0]!.token));
    expect(answer instanceof Promise).toBe(kind !== 'sqlite');
    // Unknown: no row, on both paths.
    expect(await tokenSource().findByHash('0'.repeat(64))).toBeNull();
    expect(await keys.findByHash('0'.repeat(64))).toBeNull();
  });

  it('answers the lookups of one turn each with its own record, on PostgreSQL from one statement', async () => {
    const made = [await tokens.create('alice', { name: 'batch-a' }), await tokens.create('dave', { name: 'batch-b', privileges: ['list'] }), await tokens.create('alice', { name: 'batch-rolled' })];
    const rolled = await tokens.roll('alice', 'batch-rolled', { graceSeconds: 60 });
    const source = tokenSource();
    // The current secrets, the rolled one's previous secret (within its grace) and a hash no token has.
    const hashes = [...made.map(({ token }) => source.codec.hash(token)), source.codec.hash(rolled.token), 'f'.repeat(64)];
    const statements: string[] = [];
    const pool = (ds.driver as unknown as { master?: { query: (config: unknown, ...rest: unknown[]) => unknown } }).master;
    const query = pool?.query;
    if (pool && query) {
      pool.query = (config: unknown, ...rest: unknown[]) => {
        const name = (config as { name?: unknown } | null)?.name;
        if (typeof name === 'string' && name.startsWith('nestjs_api_tokens_')) statements.push(name);
        return query.call(pool, config, ...rest);
      };
    }
    try {
      const found = await Promise.all(hashes.map((hash) => source.findByHash(hash)));
      for (const [i, hash] of hashes.entries()) {
        const { account: _account, ...record } = found[i] ?? { account: null };
        expect(i === hashes.length - 1 ? found[i] : record).toEqual(i === hashes.length - 1 ? null : await source.findThroughOrm(hash));
      }
      expect(found[2]).toMatchObject({ owner: 'alice', name: 'batch-rolled', graceEndsAtMs: rolled.previousValidUntil.getTime() });
      expect(found[3]).toMatchObject({ owner: 'alice', name: 'batch-rolled', graceEndsAtMs: null });
      expect(found[1]?.account).toEqual(prepared ? { username: 'dave', enabled: true, privileges: expect.any(Array) } : undefined);
      // PostgreSQL: five lookups asked for in one turn, one statement; alone, a lookup is its own.
      if (kind === 'postgres') {
        expect(statements).toHaveLength(1);
        await source.findByHash(hashes[0] as string);
        expect(statements).toHaveLength(2);
        expect(statements[1]).not.toBe(statements[0]);
      }
    } finally {
      if (pool && query) pool.query = query;
    }
  });

  it('refuses unknown, revoked and expired tokens, and owners disabled or missing', async () => {
    const { token: revoked } = await tokens.create('alice', { name: 'revoked' });
    await http.get('/t/list').set(...cpanel('alice', revoked)).expect(200);
    await tokens.revoke('alice', 'revoked');
    await http.get('/t/list').set(...cpanel('alice', revoked)).expect(401);

    const { token: expired } = await tokens.create('alice', { name: 'expired' });
    await http.get('/t/list').set(...cpanel('alice', expired)).expect(200);
    await sql('UPDATE api_tokens SET expires_at = ? WHERE name = ?', [Date.now() - 1000, 'expired']);
    await http.get('/t/list').set(...cpanel('alice', expired)).expect(401);

    // Unknown: well formed (its checksum verifies), but never issued — a revoked token is one.
    await http.get('/t/list').set(...cpanel('alice', revoked)).expect(401);

    const { token: disabled } = await tokens.create('carol', { name: 'owner-off' });
    await http.get('/t/list').set(...cpanel('carol', disabled)).expect(200);
    await sql(`UPDATE test_accounts SET enabled = ${kind === 'postgres' ? 'false' : '0'} WHERE username = ?`, ['carol']);
    await http.get('/t/list').set(...cpanel('carol', disabled)).expect(401);
    await sql('DELETE FROM test_accounts WHERE username = ?', ['carol']);
    await http.get('/t/list').set(...cpanel('carol', disabled)).expect(401);

    // Someone else's token under another user name: refused after the lookup too.
    const { token: alices } = await tokens.create('alice', { name: 'not-bobs' });
    await http.get('/t/list').set(...cpanel('bob', alices)).expect(401);
  });
});
