// The client address end to end: the socket peer by default, X-Forwarded-For only from trusted
// proxies (right to left, stopping at the first untrusted hop), so a spoofed header can borrow
// neither another address's authorization key nor a token's allowlist; and the per-token
// allowlist rules (WHM whitelist_ips), on SQLite, PostgreSQL and MariaDB.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  ApiTokensService,
  AuditLogService,
  AuthorizationKeysService,
  PickupPassphrasesService,
  TOKENS_ACCOUNT_PROVIDER,
  TokensError,
  type InMemoryAccountProvider,
} from 'nestjs-api-tokens';

/** The documented bound on a token's allowlist (WHM's whitelist_ips). */
const MAX_ALLOWED_IPS = 100;
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { PLATFORM_DBS, requestListener } from './support/platforms.js';
import { createTokenTestApp } from './support/token-test-app.js';

const cheap = { scrypt: { cost: 1024 } };
const XFF = 'X-Forwarded-For';

describe.each(PLATFORM_DBS)('Client address on %s with %s', (platform, kind) => {
  let db: TestDatabase;
  /** No trusted proxies: X-Forwarded-For never counts. */
  let direct: INestApplication;
  /** Behind proxies: 127.0.0.1 (the test client) and 10.9.0.0/16 are trusted. */
  let proxied: INestApplication;
  let directHttp: ReturnType<typeof request>;
  let proxiedHttp: ReturnType<typeof request>;
  let tokens: ApiTokensService;
  let keys: AuthorizationKeysService;
  let fullToken: string;

  const cpanel = (token: string): [string, string] => ['Authorization', `cpanel alice:${token}`];
  const keyFor = async (ip: string, service: string): Promise<string> => (await keys.create('alice', { ip, service, privileges: ['list'] })).key;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    direct = await createTokenTestApp({ platform, db: db.options, tokens: { passphrases: cheap } });
    proxied = await createTokenTestApp({ platform, db: db.options, tokens: { passphrases: cheap, trustedProxies: ['127.0.0.1', '10.9.0.0/16'] } });
    for (const app of [direct, proxied]) {
      const accounts: InMemoryAccountProvider = app.get(TOKENS_ACCOUNT_PROVIDER);
      accounts.register('alice');
    }
    tokens = direct.get(ApiTokensService);
    keys = direct.get(AuthorizationKeysService);
    fullToken = (await tokens.create('alice', { name: 'probe' })).token;
    directHttp = request(direct.getHttpServer());
    proxiedHttp = request(proxied.getHttpServer());
  });

  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
    await db?.drop();
  });

  describe('without trusted proxies', () => {
    it('uses the socket peer and ignores X-Forwarded-For', async () => {
      const res = await directHttp.get('/t/whoami').set(...cpanel(fullToken)).set(XFF, '198.51.100.7').expect(200);
      expect(res.body.ip).toBe('127.0.0.1');
    });

    it('does not let a spoofed header borrow another address’s key', async () => {
      const remote = await keyFor('198.51.100.7', 'spoof-direct');
      await directHttp.get('/t/list').auth('alice', remote).set(XFF, '198.51.100.7').expect(401);
      await directHttp.get(`/t/list?apikey=${remote}`).set(XFF, '198.51.100.7').expect(401);
      const local = await keyFor('127.0.0.1', 'local-direct');
      await directHttp.get('/t/list').auth('alice', local).set(XFF, '203.0.113.1').expect(200);
    });

    it('binds a registered key to the peer, not to a header', async () => {
      await direct.get(PickupPassphrasesService).create('alice', { passphrase: 'direct registration phrase', privileges: ['list'] });
      const res = await directHttp
        .post('/t/register')
        .set(XFF, '198.51.100.7')
        .type('form')
        .send({ user: 'alice', pickup: 'direct registration phrase', service: 'direct' })
        .expect(200);
      expect(res.body.ip).toBe('127.0.0.1');
    });
  });

  describe('behind trusted proxies', () => {
    const whoamiIp = async (forwardedFor: string): Promise<string> =>
      (await proxiedHttp.get('/t/whoami').set(...cpanel(fullToken)).set(XFF, forwardedFor).expect(200)).body.ip as string;

    it('walks X-Forwarded-For right to left, stopping at the first untrusted hop', async () => {
      expect(await whoamiIp('198.51.100.7')).toBe('198.51.100.7');
      // The client wrote 198.51.100.7; the proxy appended the real peer 203.0.113.9.
      expect(await whoamiIp('198.51.100.7, 203.0.113.9')).toBe('203.0.113.9');
      // Two trusted proxies in a row.
      expect(await whoamiIp('198.51.100.7, 10.9.4.4')).toBe('198.51.100.7');
      expect(await whoamiIp('203.0.113.5, 198.51.100.7, 10.9.4.4')).toBe('198.51.100.7');
      // Garbage where the client should be: no address at all (never the proxy's).
      expect(await whoamiIp('198.51.100.7, not-an-address')).toBe('');
      expect(await whoamiIp('198.51.100.7, junk, 10.9.4.4')).toBe('');
      // Ports, as some proxies write them.
      expect(await whoamiIp('198.51.100.7:5678')).toBe('198.51.100.7');
      expect(await whoamiIp('[2001:db8:5::1]:443, 10.9.4.4:80')).toBe('2001:db8:5::1');
      // Mapped IPv4 and IPv6 hops are normalized.
      expect(await whoamiIp('::ffff:198.51.100.7')).toBe('198.51.100.7');
      expect(await whoamiIp('2001:DB8:5::1')).toBe('2001:db8:5::1');
    });

    it('lets a key be used from its address only, whatever the client writes to the left', async () => {
      const remote = await keyFor('198.51.100.8', 'spoof-proxied');
      await proxiedHttp.get('/t/list').auth('alice', remote).set(XFF, '198.51.100.8').expect(200);
      await proxiedHttp.get('/t/list').auth('alice', remote).set(XFF, '198.51.100.8, 10.9.0.1').expect(200);
      await proxiedHttp.get('/t/list').auth('alice', remote).set(XFF, '198.51.100.8, 203.0.113.9').expect(401);
      await proxiedHttp.get(`/t/list?apikey=${remote}`).set(XFF, '198.51.100.8, 203.0.113.9').expect(401);
      await proxiedHttp.get('/t/list').auth('alice', remote).set(XFF, '198.51.100.8, garbage').expect(401);
      await proxiedHttp.get('/t/list').auth('alice', remote).set(XFF, '::ffff:198.51.100.8').expect(200);
    });

    it('matches IPv6 ranges through the proxy', async () => {
      const v6 = await keyFor('2001:db8:5::/48', 'v6-proxied');
      await proxiedHttp.get('/t/list').auth('alice', v6).set(XFF, '2001:db8:5:ffff::1').expect(200);
      await proxiedHttp.get('/t/list').auth('alice', v6).set(XFF, '2001:db8:6::1').expect(401);
    });

    it('ignores X-Forwarded-For from a peer that is not a trusted proxy (an IPv6 peer here)', async () => {
      const v6server: Server = createServer(requestListener(proxied));
      await new Promise<void>((resolve) => v6server.listen(0, '::1', resolve));
      try {
        const agent = request(`http://[::1]:${(v6server.address() as AddressInfo).port}`);
        const res = await agent.get('/t/whoami').set(...cpanel(fullToken)).set(XFF, '198.51.100.8').expect(200);
        expect(res.body.ip).toBe('::1');
      } finally {
        await new Promise((resolve) => v6server.close(resolve));
      }
    });

    it('binds a registered key to the address the walk finds, not to what the client wrote', async () => {
      await proxied.get(PickupPassphrasesService).create('alice', { passphrase: 'proxied registration phrase', privileges: ['list'] });
      const register = (forwardedFor: string) =>
        proxiedHttp.post('/t/register').set(XFF, forwardedFor).type('form').send({ user: 'alice', pickup: 'proxied registration phrase', service: 'proxied' });
      expect((await register('198.51.100.30')).body.ip).toBe('198.51.100.30');
      expect((await register('198.51.100.30, 203.0.113.40')).body.ip).toBe('203.0.113.40');
    });
  });

  describe('a hostile X-Forwarded-For behind a trusted proxy never makes the proxy the client', () => {
    /** Usable from the proxy's address only: a client outside must never pass it. */
    let proxyOnly: string;
    const outside = '198.51.100.50';

    beforeAll(async () => {
      proxyOnly = (await tokens.create('alice', { name: 'proxy-only', allowedIps: ['127.0.0.1', '10.9.0.0/16'] })).token;
    });

    it('reads the right end of a header longer than 4,096 characters', async () => {
      const long = `${'203.0.113.1, '.repeat(400)}${outside}`;
      expect(long.length).toBeGreaterThan(4096);
      expect(await whoami(long)).toBe(outside);
      await proxiedHttp.get('/t/whoami').set(...cpanel(proxyOnly)).set(XFF, long).expect(401);
      await proxiedHttp.get('/t/whoami').set(...cpanel(proxyOnly)).set(XFF, `${'x'.repeat(6000)}, ${outside}`).expect(401);
    });

    it('refuses, rather than falling back to the proxy, when the walk cannot finish', async () => {
      const trustedHops = Array.from({ length: 40 }, (_, i) => `10.9.1.${i + 1}`).join(', ');
      for (const xff of ['garbage', `${outside}, unknown`, '127.000.000.001', `${outside}, ${trustedHops}`, `${outside},,10.9.0.1`, '']) {
        await proxiedHttp.get('/t/whoami').set(...cpanel(proxyOnly)).set(XFF, xff).expect(401);
      }
      // The control: the proxy's own request (no header) is still the proxy's.
      await proxiedHttp.get('/t/whoami').set(...cpanel(proxyOnly)).expect(200);
    });

    it('counts failures on the client behind the proxy, not on the proxy', async () => {
      const audit = proxied.get(AuditLogService);
      // Only this test's refusals: earlier tests of this app refused keys used from the proxy itself.
      await audit.flush();
      const from = new Date();
      const long = `${'203.0.113.1, '.repeat(400)}198.51.100.51`;
      await proxiedHttp.get('/t/whoami').set('Authorization', `cpanel alice:${'B'.repeat(32)}`).set(XFF, long).expect(401);
      await audit.flush();
      const failures = (await audit.query({ action: 'auth.authenticate', outcome: 'failure', from, pageSize: 500 })).items;
      expect(failures.map((e) => e.ip)).toContain('198.51.100.51');
      expect(failures.map((e) => e.ip)).not.toContain('127.0.0.1');
    });

    it('reads entries with ports, and several header lines as one list', async () => {
      expect(await whoami('198.51.100.7:5678')).toBe('198.51.100.7');
      expect(await whoami('[2001:db8:5::7]:443')).toBe('2001:db8:5::7');
      expect(await whoami(['6.6.6.6', '198.51.100.7, 10.9.0.1'])).toBe('198.51.100.7');
      expect(await whoami(['198.51.100.7', '203.0.113.9'])).toBe('203.0.113.9');
    });

    const whoami = async (forwardedFor: string | string[]): Promise<string> =>
      (await proxiedHttp.get('/t/whoami').set(...cpanel(fullToken)).set(XFF, forwardedFor as string).expect(200)).body.ip as string;
  });

  describe('zero-padded IPv4: read one way only, or refused naming the field', () => {
    it('refuses an allowlist entry and a key address with leading zeros', async () => {
      for (const entry of ['010.000.000.000/8', '127.000.000.010', '010.001.002.003']) {
        const error = await tokens.create('alice', { name: 'octal', allowedIps: [entry] }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TokensError);
        expect([(error as TokensError).code, (error as TokensError).field, (error as TokensError).getStatus()]).toEqual(['INVALID_IP', 'allowedIps', 400]);
        const keyError = await keys.create('alice', { ip: entry, service: 'octal', privileges: ['list'] }).catch((e: unknown) => e);
        expect([(keyError as TokensError).code, (keyError as TokensError).field]).toEqual(['INVALID_IP', 'ip']);
      }
      const rows = (await direct.get(DataSource).query(`SELECT ip FROM authorization_keys WHERE service = 'octal'`)) as unknown[];
      expect(rows).toEqual([]);
    });

    it('never reads a zero-padded X-Forwarded-For entry as octal', async () => {
      const eight = await keyFor('127.0.0.8', 'octal-8');
      const ten = await keyFor('127.0.0.10', 'octal-10');
      for (const key of [eight, ten]) await proxiedHttp.get('/t/list').auth('alice', key).set(XFF, '127.000.000.010').expect(401);
      await proxiedHttp.get('/t/list').auth('alice', ten).set(XFF, '127.0.0.10').expect(200);
    });

    it('refuses a zero-padded trusted proxy at startup', async () => {
      const scratch = await createTestDatabase('sqlite');
      try {
        await expect(createTokenTestApp({ db: scratch.options, tokens: { trustedProxies: ['010.0.0.1'] } })).rejects.toThrow(/010\.0\.0\.1.*dotted decimal/);
      } finally {
        await scratch.drop();
      }
    });
  });

  describe('per-token allowlist', () => {
    let listed: string;
    let badTokenAnswer: string;

    beforeAll(async () => {
      listed = (await tokens.create('alice', { name: 'allowlisted', allowedIps: ['198.51.100.0/24', '2001:db8:5::/48'] })).token;
      const bad = await directHttp.get('/t/whoami').set('Authorization', `cpanel alice:${'B'.repeat(32)}`).expect(401);
      badTokenAnswer = `${bad.headers['www-authenticate']} ${JSON.stringify(bad.body)}`;
    });

    it('refuses a request from outside the list exactly like a bad token', async () => {
      const res = await directHttp.get('/t/whoami').set(...cpanel(listed)).expect(401);
      expect(`${res.headers['www-authenticate']} ${JSON.stringify(res.body)}`).toBe(badTokenAnswer);
    });

    it('cannot be borrowed with a spoofed header, with or without trusted proxies', async () => {
      await directHttp.get('/t/whoami').set(...cpanel(listed)).set(XFF, '198.51.100.20').expect(401);
      await proxiedHttp.get('/t/whoami').set(...cpanel(listed)).set(XFF, '198.51.100.20, 203.0.113.1').expect(401);
    });

    it('accepts addresses inside the list (IPv4, mapped IPv4, IPv6) through a trusted proxy', async () => {
      await proxiedHttp.get('/t/whoami').set(...cpanel(listed)).set(XFF, '198.51.100.20').expect(200);
      await proxiedHttp.get('/t/whoami').set(...cpanel(listed)).set(XFF, '::ffff:198.51.100.20').expect(200);
      await proxiedHttp.get('/t/whoami').set(...cpanel(listed)).set(XFF, '2001:db8:5:1::9').expect(200);
      await proxiedHttp.get('/t/whoami').set(...cpanel(listed)).set(XFF, '198.51.101.20').expect(401);
    });

    it('lets a token without a list be used from any address', async () => {
      await proxiedHttp.get('/t/whoami').set(...cpanel(fullToken)).set(XFF, '203.0.113.99').expect(200);
      await directHttp.get('/t/whoami').set(...cpanel(fullToken)).expect(200);
    });

    it('normalizes the list: duplicates dropped, /32 and /128 dropped, host bits cleared, IPv4 before IPv6', async () => {
      const { item } = await tokens.create('alice', {
        name: 'normalized',
        allowedIps: ['2001:db8::/32', '10.0.0.1/32', ' 10.0.0.3 ', '2001:DB8::1/128', '192.168.1.77/24', '::ffff:10.0.0.2', '10.0.0.1', '::ffff:10.0.0.1'],
      });
      const expected = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '192.168.1.0/24', '2001:db8::/32', '2001:db8::1'];
      expect(item.allowedIps).toEqual(expected);
      const rows = (await direct.get(DataSource).query(`SELECT allowed_ips FROM api_tokens WHERE name = 'normalized'`)) as Array<{ allowed_ips: string }>;
      expect(JSON.parse(rows[0]?.allowed_ips ?? 'null')).toEqual(expected);
    });

    it(`accepts at most ${MAX_ALLOWED_IPS} entries, counted after removing duplicates`, async () => {
      const hundred = Array.from({ length: 100 }, (_, i) => `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`);
      await expect(tokens.create('alice', { name: 'hundred', allowedIps: hundred })).resolves.toBeDefined();
      await expect(tokens.create('alice', { name: 'hundred-and-dup', allowedIps: [...hundred, hundred[0]] })).resolves.toBeDefined();
      const error = await tokens.create('alice', { name: 'too-many', allowedIps: [...hundred, '10.2.0.1'] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TokensError);
      expect((error as TokensError).getStatus()).toBe(400);
      expect((error as TokensError).field).toBe('allowedIps');
    });

    it('refuses an invalid entry with a 400 naming the field', async () => {
      for (const bad of ['10.0.0.300', '10.0.0.0/33', 'example.com', '10.1', 7]) {
        const error = await tokens.create('alice', { name: 'bad-list', allowedIps: ['10.0.0.1', bad as string] }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TokensError);
        expect((error as TokensError).code).toBe('INVALID_IP');
        expect((error as TokensError).field).toBe('allowedIps');
      }
    });
  });
});
