// Authorization keys end to end: create / list / batch modifications / delete, and requests
// authenticated by a key bound to an address or range (IPv4, IPv6, mapped IPv4), over HTTP,
// on SQLite, PostgreSQL and MariaDB.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  ApiTokensService,
  AuthorizationKeysService,
  TOKENS_ACCOUNT_PROVIDER,
  TokenAuthenticator,
  TokensCache,
  TokensError,
  type CredentialModificationInput,
  type InMemoryAccountProvider,
  type Principal,
  type PrivilegeId,
} from 'nestjs-api-tokens';
import { flushPendingWrites } from 'nestjs-api-tokens/testing';
// A well-formed key that was never stored needs the key format itself: not part of the package's API.
import { AuthorizationKeySource } from '../../libs/api-tokens/src/authkeys/authorization-key.source.js';
import { keyRequest, tokenRequest } from '../support/credential-requests.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { dumpAllTables } from '../support/table-dump.js';
import { PLATFORM_DBS, requestListener } from './support/platforms.js';
import { createTokenTestApp, TEST_PRIVILEGES } from './support/token-test-app.js';
import { refusal } from './support/refusal.js';

const PRIVILEGES = [...TEST_PRIVILEGES, { id: 'authkeys', label: 'Manage Authkeys' }];

describe.each(PLATFORM_DBS)('Authorization keys on %s with %s', (platform, kind) => {
  let db: TestDatabase;
  let app: INestApplication;
  let keys: AuthorizationKeysService;
  let tokens: ApiTokensService;
  let accounts: InMemoryAccountProvider;
  let authenticator: TokenAuthenticator;
  let ds: DataSource;
  let http: ReturnType<typeof request>;
  let v6server: Server;
  let http6: ReturnType<typeof request>;
  /** Every plaintext key this suite saw, for the storage check at the end. */
  const issued: string[] = [];

  const createKey = async (owner: string, ip: string, service: string, privileges: string[] = ['list']) => {
    const created = await keys.create(owner, { ip, service, privileges: privileges as PrivilegeId[] });
    issued.push(created.key);
    return created;
  };
  const snapshot = async (): Promise<unknown[]> =>
    (await ds.query('SELECT id, owner, ip, service, privileges, secret_hash FROM authorization_keys ORDER BY id')) as unknown[];
  const asKey = (key: string, ip = '127.0.0.1'): Promise<Principal> => authenticator.authenticate(keyRequest(key, ip));

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    app = await createTokenTestApp({
      platform,
      db: db.options,
      tokens: { privileges: PRIVILEGES, manageKeysPrivilege: 'authkeys', passphrases: { scrypt: { cost: 1024 } } },
    });
    keys = app.get(AuthorizationKeysService);
    tokens = app.get(ApiTokensService);
    accounts = app.get(TOKENS_ACCOUNT_PROVIDER);
    authenticator = app.get(TokenAuthenticator);
    ds = app.get(DataSource);
    for (const user of ['alice', 'bob', 'carol', 'batcher']) accounts.register(user);
    accounts.register('narrow', ['list', 'add']);
    http = request(app.getHttpServer());
    // A second listener on the IPv6 loopback, so requests really arrive from ::1.
    v6server = createServer(requestListener(app));
    await new Promise<void>((resolve) => v6server.listen(0, '::1', resolve));
    http6 = request(`http://[::1]:${(v6server.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    await new Promise((resolve) => v6server?.close(resolve));
    await app?.close();
    await db?.drop();
  });

  describe('create and list', () => {
    it('lists nothing for an account without keys (a normal state)', async () => {
      await expect(keys.list('carol')).resolves.toEqual([]);
    });

    it('returns a 20-character key once, with the normalized address, and lists it without secret', async () => {
      const { key, item } = await createKey('alice', '::ffff:192.0.2.10', 'whmcs', ['list', 'add']);
      expect(key).toMatch(/^[0-9A-Z]{20}$/);
      expect(item).toMatchObject({ owner: 'alice', ip: '192.0.2.10', service: 'whmcs', privileges: ['list', 'add'], lastUsedAt: null });
      const listed = await keys.list('alice');
      expect(listed.map((k) => k.id)).toContain(item.id);
      expect(JSON.stringify(listed)).not.toContain(key);
      const row = (await ds.query(`SELECT secret_hash FROM authorization_keys WHERE id = '${item.id}'`)) as Array<{ secret_hash: string }>;
      expect(row[0]?.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it.each([
      ['2001:DB8:0:0::1', '2001:db8::1'],
      ['2001:db8::1/128', '2001:db8::1'],
      ['192.0.2.77/24', '192.0.2.0/24'],
      ['10.0.0.1/32', '10.0.0.1'],
      ['::ffff:198.51.100.0/120', '198.51.100.0/24'],
      ['2001:db8:abcd::17/48', '2001:db8:abcd::/48'],
    ])('normalizes %p to %p', async (ip, normalized) => {
      const { item } = await createKey('bob', ip, `norm-${ip.replace(/[^0-9a-fA-F]/g, '')}`);
      expect(item.ip).toBe(normalized);
    });

    it.each([['10.0.0.256'], ['10.0.0.1/33'], ['2001:db8::/129'], ['localhost'], ['10.1'], ['fe80::1%eth0'], [''], [42]])(
      'refuses the address %p with a 400 naming “ip”',
      async (ip) => {
        const error = await refusal(keys.create('alice', { ip: ip as string, service: 'x', privileges: ['list'] }));
        expect(error.getStatus()).toBe(400);
        expect(error.field).toBe('ip');
      },
    );

    it.each([[''], ['a'.repeat(65)], ['has space'], ['semi;colon'], ['ünï'], [undefined]])(
      'refuses the service %p with a 400 naming “service”',
      async (service) => {
        const error = await refusal(keys.create('alice', { ip: '192.0.2.1', service: service as string, privileges: ['list'] }));
        expect(error.getStatus()).toBe(400);
        expect(error.field).toBe('service');
      },
    );

    it('accepts 64 characters of every allowed kind as a service name', async () => {
      const service = `${'aZ09._-'.repeat(9)}x`;
      expect(service).toHaveLength(64);
      await expect(createKey('alice', '192.0.2.2', service)).resolves.toBeDefined();
    });

    it('keeps (owner, address, service) unique, case-sensitively', async () => {
      await createKey('alice', '192.0.2.3', 'dup');
      const error = await refusal(keys.create('alice', { ip: '192.0.2.3', service: 'dup', privileges: ['list'] }));
      expect(error.code).toBe('DUPLICATE_KEY');
      expect(error.getStatus()).toBe(409);
      await expect(createKey('alice', '192.0.2.3', 'DUP')).resolves.toBeDefined();
      await expect(createKey('bob', '192.0.2.3', 'dup')).resolves.toBeDefined();
    });

    it('refuses unknown, missing, empty and unheld privileges', async () => {
      expect((await refusal(keys.create('alice', { ip: '192.0.2.4', service: 's', privileges: ['nope' as never] }))).code).toBe('UNKNOWN_PRIVILEGE');
      expect((await refusal(keys.create('alice', { ip: '192.0.2.4', service: 's', privileges: undefined as never }))).code).toBe('MISSING_ARGUMENT');
      expect((await refusal(keys.create('alice', { ip: '192.0.2.4', service: 's', privileges: [] }))).getStatus()).toBe(400);
      const unheld = await refusal(keys.create('narrow', { ip: '192.0.2.4', service: 's', privileges: ['expire'] }));
      expect(unheld.code).toBe('PRIVILEGE_NOT_HELD');
      expect(unheld.getStatus()).toBe(403);
    });

    it('refuses unknown owners', async () => {
      await expect(keys.create('nobody', { ip: '192.0.2.5', service: 's', privileges: ['list'] })).rejects.toThrow('does not exist or is disabled');
    });
  });

  describe('authentication over HTTP', () => {
    it('accepts Basic user:key from the bound address and yields a limited principal', async () => {
      const { key, item } = await createKey('alice', '127.0.0.1', 'basic', ['list', 'add']);
      const res = await http.get('/t/limited-whoami').auth('alice', key).expect(200);
      expect(res.body).toMatchObject({
        user: 'alice',
        fullAccess: false,
        privileges: ['list', 'add'],
        credential: { kind: 'authorization-key', id: item.id, service: 'basic' },
        ip: '127.0.0.1',
      });
      await http.get('/t/list-and-add').auth('alice', key).expect(200);
      // Keys are never full access: routes without @RequirePrivilege stay closed.
      await http.get('/t/whoami').auth('alice', key).expect(403);
    });

    it('accepts the key as `apikey` in the query and in a form body', async () => {
      const { key } = await createKey('alice', '127.0.0.1', 'apikey');
      await http.get(`/t/list?apikey=${key}`).expect(200);
      const res = await http.post('/t/list').type('form').send({ apikey: key }).expect(200);
      expect(res.body).toEqual({ user: 'alice' });
      await http.post('/t/list').type('form').send({ apikey: key.toLowerCase() }).expect(401);
    });

    it('matches CIDR ranges: inside accepted, outside refused', async () => {
      const inside = await createKey('alice', '127.0.0.0/8', 'cidr-in');
      const outside = await createKey('alice', '10.0.0.0/8', 'cidr-out');
      await http.get('/t/list').auth('alice', inside.key).expect(200);
      await http.get('/t/list').auth('alice', outside.key).expect(401);
      await expect(asKey(outside.key, '10.200.3.4')).resolves.toMatchObject({ user: 'alice' });
      await expect(asKey(outside.key, '11.0.0.1')).rejects.toThrow('credentials rejected');
    });

    it('treats ::ffff:a.b.c.d as a.b.c.d on both sides', async () => {
      // The test server listens on :: so Node reports the IPv4 peer as ::ffff:127.0.0.1.
      const mapped = await createKey('alice', '::ffff:127.0.0.1', 'mapped');
      expect((await keys.list('alice')).find((k) => k.service === 'mapped')?.ip).toBe('127.0.0.1');
      await http.get('/t/list').auth('alice', mapped.key).expect(200);
      const range = await createKey('alice', '::ffff:127.0.0.0/104', 'mapped-range');
      await http.get('/t/list').auth('alice', range.key).expect(200);
      await expect(asKey(mapped.key, '::ffff:127.0.0.1')).resolves.toMatchObject({ ip: '127.0.0.1' });
    });

    it('matches IPv6 addresses and ranges, from a real IPv6 peer', async () => {
      const loopback6 = await createKey('alice', '::1', 'v6-host');
      const v4 = await createKey('alice', '127.0.0.1', 'v4-only');
      const res = await http6.get('/t/limited-whoami').auth('alice', loopback6.key).expect(200);
      expect(res.body.ip).toBe('::1');
      await http.get('/t/list').auth('alice', loopback6.key).expect(401); // IPv4 peer, IPv6 key
      await http6.get('/t/list').auth('alice', v4.key).expect(401); // IPv6 peer, IPv4 key
      const range = await createKey('alice', '2001:db8:100::/40', 'v6-range');
      await expect(asKey(range.key, '2001:db8:1ff:ffff::1')).resolves.toBeDefined();
      await expect(asKey(range.key, '2001:db8:200::1')).rejects.toThrow('credentials rejected');
      await expect(asKey(range.key, '2001:0db8:0100:0000:0000:0000:0000:0001')).resolves.toBeDefined();
    });

    it('answers a wrong address, a wrong user and an unknown key with the same 401 as a bad token', async () => {
      const elsewhere = await createKey('alice', '203.0.113.50', 'elsewhere');
      const here = await createKey('alice', '127.0.0.1', 'here');
      const unknown = app.get(AuthorizationKeySource).codec.generate(); // well-formed, checksum valid, never stored
      const forged = `${here.key.slice(0, 19)}${here.key[19] === 'A' ? 'B' : 'A'}`;
      const attempts: Array<() => request.Test> = [
        () => http.get('/t/list').auth('alice', elsewhere.key), // wrong address
        () => http.get('/t/list').auth('bob', here.key), // wrong user
        () => http.get('/t/list').auth('nobody', here.key), // unknown user
        () => http.get('/t/list').auth('alice', unknown), // unknown key
        () => http.get('/t/list').auth('alice', forged), // forged checksum
        () => http.get(`/t/list?apikey=${elsewhere.key}`), // wrong address, apikey
        () => http.get(`/t/list?apikey=${unknown}`), // unknown key, apikey
        () => http.get('/t/list').set('Authorization', `cpanel alice:${'A'.repeat(32)}`), // a bad API token
      ];
      const answers = new Set<string>();
      for (const attempt of attempts) {
        const res = await attempt();
        expect(res.status).toBe(401);
        answers.add(`${res.headers['www-authenticate']} ${JSON.stringify(res.body)}`);
      }
      expect(answers.size).toBe(1);
      await http.get('/t/list').auth('alice', here.key).expect(200);
    });

    it('gives the key ∩ the owner’s current privileges', async () => {
      accounts.register('shrinking', ['list', 'add']);
      const { key } = await createKey('shrinking', '127.0.0.1', 'intersect', ['list', 'add']);
      await http.get('/t/list-and-add').auth('shrinking', key).expect(200);
      accounts.register('shrinking', ['list', 'expire']);
      await app.get(TokensCache).invalidateOwner('shrinking');
      const res = await http.get('/t/limited-whoami').auth('shrinking', key).expect(200);
      expect(res.body.privileges).toEqual(['list']);
      await http.get('/t/list-and-add').auth('shrinking', key).expect(403);
      accounts.disable('shrinking');
      await app.get(TokensCache).invalidateOwner('shrinking');
      await http.get('/t/list').auth('shrinking', key).expect(401);
    });

    it('records last use (time and address) off the request path and flushes it', async () => {
      const { key, item } = await createKey('alice', '127.0.0.1', 'usage');
      await http.get('/t/list').auth('alice', key).expect(200);
      const listed = (await keys.list('alice')).find((k) => k.id === item.id);
      expect(listed?.lastUsedAt).toBeInstanceOf(Date);
      expect(listed?.lastUsedIp).toBe('127.0.0.1');
      await flushPendingWrites(app);
      const rows = (await ds.query(`SELECT last_used_at, last_used_ip FROM authorization_keys WHERE id = '${item.id}'`)) as Array<{
        last_used_at: string | number;
        last_used_ip: string;
      }>;
      expect(Number(rows[0]?.last_used_at)).toBeGreaterThan(0);
      expect(rows[0]?.last_used_ip).toBe('127.0.0.1');
    });
  });

  describe('batch modifications', () => {
    it('applies privilege changes and removals together, effective at once', async () => {
      const a = await createKey('batcher', '127.0.0.1', 'batch-a', ['list', 'add']);
      const b = await createKey('batcher', '127.0.0.2', 'batch-b', ['list']);
      const c = await createKey('batcher', '127.0.0.1', 'batch-c', ['list']);
      await http.get('/t/list-and-add').auth('batcher', a.key).expect(200); // cached now
      await http.get('/t/list').auth('batcher', c.key).expect(200);
      const result = await keys.applyModifications('batcher', [
        { id: a.item.id, privileges: ['list'] },
        { id: b.item.id, privileges: ['list', 'expire'] },
        { id: c.item.id, remove: true },
      ]);
      expect(result.removed).toEqual([c.item.id]);
      expect(result.updated.map((k) => [k.service, k.privileges])).toEqual([
        ['batch-a', ['list']],
        ['batch-b', ['list', 'expire']],
      ]);
      await http.get('/t/list-and-add').auth('batcher', a.key).expect(403);
      await http.get('/t/list').auth('batcher', a.key).expect(200);
      await http.get('/t/list').auth('batcher', c.key).expect(401);
      expect((await keys.list('batcher')).map((k) => k.service).sort()).toEqual(['batch-a', 'batch-b']);
    });

    it('removes a key whose privileges are all removed', async () => {
      const { key, item } = await createKey('batcher', '127.0.0.1', 'emptied', ['list', 'add']);
      await http.get('/t/list').auth('batcher', key).expect(200);
      const result = await keys.applyModifications('batcher', [{ id: item.id, privileges: [] }]);
      expect(result).toEqual({ updated: [], removed: [item.id] });
      expect((await keys.list('batcher')).find((k) => k.id === item.id)).toBeUndefined();
      await http.get('/t/list').auth('batcher', key).expect(401);
    });

    describe('all or nothing', () => {
      let a: string;
      let b: string;
      let foreign: string;
      beforeAll(async () => {
        a = (await createKey('narrow', '198.51.100.1', 'aon-a', ['list', 'add'])).item.id;
        b = (await createKey('narrow', '198.51.100.2', 'aon-b', ['list'])).item.id;
        foreign = (await createKey('bob', '198.51.100.3', 'aon-foreign', ['list'])).item.id;
      });

      it.each<[string, () => CredentialModificationInput[], string]>([
        ['an unknown id last', () => [{ id: a, privileges: ['list'] }, { id: b, remove: true }, { id: '00000000-0000-0000-0000-000000000000', privileges: ['list'] }], 'NOT_FOUND'],
        ['another account’s id', () => [{ id: b, remove: true }, { id: a, privileges: ['add'] }, { id: foreign, privileges: ['list'] }], 'NOT_FOUND'],
        ['an unknown privilege', () => [{ id: a, remove: true }, { id: b, privileges: ['list', 'nope' as never] }], 'UNKNOWN_PRIVILEGE'],
        ['a privilege the owner does not hold', () => [{ id: a, remove: true }, { id: b, privileges: ['list', 'expire'] }], 'PRIVILEGE_NOT_HELD'],
        ['a duplicated row', () => [{ id: a, privileges: ['list'] }, { id: a, remove: true }], 'INVALID_ARGUMENT'],
        ['a row with neither privileges nor remove', () => [{ id: a, remove: true }, { id: b }], 'MISSING_ARGUMENT'],
        ['a malformed remove flag', () => [{ id: a, remove: 'yes' as never }], 'INVALID_ARGUMENT'],
      ])('changes nothing when the batch holds %s', async (_label, batch, code) => {
        const before = await snapshot();
        const error = await refusal(keys.applyModifications('narrow', batch()));
        expect(error.code).toBe(code);
        expect(await snapshot()).toEqual(before);
      });

      it('still applies the valid rows once the batch is corrected', async () => {
        const result = await keys.applyModifications('narrow', [{ id: a, remove: true }, { id: b, privileges: ['add'] }]);
        expect(result.removed).toEqual([a]);
        expect(result.updated[0]?.privileges).toEqual(['add']);
      });
    });

    it('treats an empty batch as nothing to do and refuses what is not a list', async () => {
      await expect(keys.applyModifications('batcher', [])).resolves.toEqual({ updated: [], removed: [] });
      await expect(keys.applyModifications('batcher', 'x' as never)).rejects.toThrow('must be a list');
    });
  });

  describe('who may manage keys (manageKeysPrivilege: authkeys)', () => {
    it('lets a key holding “Manage Authkeys” manage, without escalating', async () => {
      const manager = await createKey('alice', '127.0.0.1', 'manager', ['list', 'authkeys']);
      const me = await asKey(manager.key);
      expect(Array.isArray(await keys.list(me))).toBe(true);
      // Bound to 127.0.0.1 itself, it makes keys for 127.0.0.1 only (test/credential-bindings).
      const child = await keys.create(me, { ip: '127.0.0.1', service: 'child', privileges: ['list'] });
      issued.push(child.key);
      const escalate = await refusal(keys.create(me, { ip: '127.0.0.1', service: 'child2', privileges: ['add'] }));
      expect(escalate.code).toBe('PRIVILEGE_NOT_HELD');
      const before = await snapshot();
      const viaBatch = await refusal(keys.applyModifications(me, [{ id: child.item.id, privileges: ['list', 'add'] }]));
      expect(viaBatch.code).toBe('PRIVILEGE_NOT_HELD');
      expect(await snapshot()).toEqual(before);
      // Dropping a privilege the actor lacks is not granting it.
      const wide = await createKey('alice', '127.0.0.1', 'wide', ['list', 'add', 'expire']);
      const narrowed = await keys.applyModifications(me, [{ id: wide.item.id, privileges: ['list', 'add'] }]);
      expect(narrowed.updated[0]?.privileges).toEqual(['list', 'add']);
    });

    it('refuses credentials without it, and allows full-access tokens of an account holding it', async () => {
      const plain = await createKey('alice', '127.0.0.1', 'no-manage', ['list']);
      const me = await asKey(plain.key);
      await expect(keys.list(me)).rejects.toThrow('lacks the privilege “Manage Authkeys”');
      await expect(keys.create(me, { ip: '192.0.2.103', service: 'x', privileges: ['list'] })).rejects.toThrow('Manage Authkeys');
      await expect(keys.applyModifications(me, [])).rejects.toThrow('Manage Authkeys');
      await expect(keys.delete(me, plain.item.id)).rejects.toThrow('Manage Authkeys');
      const { token } = await tokens.create('alice', { name: 'full-for-keys' });
      const full = await authenticator.authenticate(tokenRequest('alice', token));
      await expect(keys.list(full)).resolves.toBeDefined();
    });
  });

  describe('delete', () => {
    it('removes the actor’s key at once and treats other accounts’ keys as unknown', async () => {
      const mine = await createKey('carol', '127.0.0.1', 'to-delete');
      const theirs = await createKey('bob', '127.0.0.1', 'not-carols');
      await http.get('/t/list').auth('carol', mine.key).expect(200);
      const error = await refusal(keys.delete('carol', theirs.item.id));
      expect(error.code).toBe('NOT_FOUND');
      await http.get('/t/list').auth('bob', theirs.key).expect(200);
      await keys.delete('carol', mine.item.id);
      await http.get('/t/list').auth('carol', mine.key).expect(401);
      await expect(keys.delete('carol', mine.item.id)).rejects.toThrow('does not exist');
    });
  });

  it('stores no key in plain text in any table', async () => {
    expect(issued.length).toBeGreaterThan(20);
    const dump = await dumpAllTables(ds);
    expect(dump).toContain('authorization_keys');
    for (const key of issued) {
      expect(dump).not.toContain(key);
      expect(dump.toUpperCase()).not.toContain(key);
    }
  });
});
