// The WHM face (/json-api/api_token_*?api.version=1) through the real app, driven the way WHM
// clients drive it: `Authorization: whm user:TOKEN` (the scheme in any case), GET with `&` and
// POST with `;`, WHM's numbered arguments, answers read with JSON.parse. Every function, the
// envelope (HTTP 200 on a failed function), cpsrvd's 403 for a refused credential, ACLs mapped onto
// the app's privileges, allowlist rules, no escalation of privileges or bindings, and the security
// rules every face inherits: HEAD changes nothing, no-store, failure limiting, the refusal delay.
import { AuthorizationKeysService } from 'nestjs-api-tokens';
import { createAppHarness, PLATFORM_RUNS, type AppHarness, type HarnessLogin } from './support/app-harness.js';

interface Envelope {
  metadata: { command: string; reason: string; result: 0 | 1; version: 1 };
  data?: Record<string, unknown>;
}

interface CallOptions {
  method?: 'GET' | 'POST';
  /** An Authorization header, `null` for none; default: alice's full-access token, `whm` scheme. */
  auth?: [string, string] | null;
  /** Expected HTTP status. @default 200 */
  status?: number;
  /** Client address, through the trusted loopback proxy. */
  from?: string;
}

const ACCESS_DENIED = { cpanelresult: { apiversion: '2', error: 'Access denied', data: { reason: 'Access denied', result: '0' }, type: 'text' } };
/** Every ACL, in catalog order: WHM's `all`, the nine license privileges, the token privilege. */
const ACLS = [
  'all',
  'add-license',
  'verify-security',
  'expire-license',
  'extend-updates',
  'list-licenses',
  'manage-authkeys',
  'transfer-license',
  'reactivate-license',
  'search-licenses',
  'manage-api-tokens',
];
const IN_A_YEAR = Math.floor(Date.now() / 1000) + 365 * 86_400;

describe.each(PLATFORM_RUNS)('WHM face, $name', ({ platform }) => {
  let h: AppHarness;
  let alice: HarnessLogin;
  let n = 0;
  const name = (): string => `whm-${++n}`;
  const whm = (login: HarnessLogin, scheme = 'whm'): [string, string] => ['Authorization', `${scheme} ${login.user}:${login.token}`];

  /** Calls a function the way WHM clients do: GET with `&`, or POST with a `;`-separated form. */
  async function call(fn: string, args: Array<[string, string]> = [], o: CallOptions = {}): Promise<Envelope> {
    const pairs = [['api.version', '1'], ...args].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
    let req = o.method === 'POST' ? h.http.post(`/json-api/${fn}`).type('form').send(pairs.join(';')) : h.http.get(`/json-api/${fn}?${pairs.join('&')}`);
    const auth = o.auth === undefined ? whm(alice) : o.auth;
    if (auth) req = req.set(...auth);
    if (o.from) req = req.set('X-Forwarded-For', o.from);
    const res = await req;
    expect(res.status).toBe(o.status ?? 200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    return JSON.parse(res.text) as Envelope;
  }

  const ok = (e: Envelope, command: string): Record<string, unknown> => {
    expect(e.metadata).toEqual({ command, reason: 'OK', result: 1, version: 1 });
    return e.data ?? {};
  };
  const failed = (e: Envelope, command: string, reason: string | RegExp): void => {
    expect(e.metadata).toMatchObject({ command, result: 0, version: 1 });
    expect(e.metadata.reason).toMatch(reason);
    expect(e.data).toBeUndefined();
  };

  /** Everything the functions could change. */
  const tokensTable = (): Promise<unknown> =>
    h.dataSource.query('SELECT owner, name, full_access, privileges, allowed_ips, expires_at FROM api_tokens ORDER BY owner, name') as Promise<unknown>;

  /** Whether a token passes the guard of a route needing "List active licenses", from `ip`. */
  const works = async (token: string, ip: string): Promise<boolean> => {
    const res = await h.http.get('/api/licenses').set('X-Forwarded-For', ip).set('Authorization', `cpanel alice:${token}`);
    expect([200, 401, 403]).toContain(res.status);
    return res.status === 200;
  };

  beforeAll(async () => {
    h = await createAppHarness({ platform, trustedProxies: ['127.0.0.1'], env: { AUTH_FAILURE_LIMIT: '0' } });
    alice = await h.login('alice');
    await h.createAccount('bob');
  });

  afterAll(async () => {
    await h?.close();
  });

  describe.each(['GET', 'POST'] as const)('every function by %s', (method) => {
    it('api_token_create: without ACLs an unrestricted token; with them, a token limited to their privileges', async () => {
      const full = name();
      const created = ok(await call('api_token_create', [['token_name', full]], { method }), 'api_token_create');
      expect(created).toEqual({ acls: ['all'], create_time: expect.any(Number), expires_at: null, name: full, token: expect.stringMatching(/^[0-9A-Z]{32}$/), whitelist_ips: null });

      const limited = name();
      const data = ok(
        await call(
          'api_token_create',
          [
            ['token_name', limited],
            ['acl-0', 'list-licenses'],
            ['acl-1', 'search-licenses'],
            ['expires_at', String(IN_A_YEAR)],
            ['whitelist_ip-0', '192.0.2.1'],
            ['whitelist_ip-1', '2620:0:28a4::/48'],
            ['whitelist_ip-2', '192.0.2.8/29'],
            ['whitelist_ip-3', '192.0.2.1/32'],
            ['whitelist_ip-4', 'fc00:abcd::f/128'],
          ],
          { method },
        ),
        'api_token_create',
      );
      expect(data).toMatchObject({
        acls: ['list-licenses', 'search-licenses'],
        expires_at: IN_A_YEAR,
        name: limited,
        // Normalized as WHM does: duplicates and /32, /128 dropped, IPv4 first, IPv6 written in full.
        whitelist_ips: ['192.0.2.1', '192.0.2.8/29', '2620:0000:28a4:0000:0000:0000:0000:0000/48', 'fc00:abcd:0000:0000:0000:0000:0000:000f'],
      });
      expect(await h.tokens.get('alice', limited)).toMatchObject({ fullAccess: false, privileges: ['list', 'search'] });
      // The same token on another face: list yes, add no.
      const token = String(data.token);
      expect(await works(token, '192.0.2.1')).toBe(true);
      expect(await works(token, '203.0.113.5')).toBe(false);
      const add = await h.http.post('/api/licenses').set('X-Forwarded-For', '192.0.2.1').set('Authorization', `cpanel alice:${token}`).send({ ip: '203.0.113.77', packageId: 1 });
      expect(add.status).toBe(403);
    });

    it('api_token_list: every token keyed by name, every ACL 1 or 0', async () => {
      const limited = name();
      await h.tokens.create('alice', { name: limited, privileges: ['list', 'apitokens'], allowedIps: ['198.51.100.0/24'], expiresAt: new Date(IN_A_YEAR * 1000) });
      const data = ok(await call('api_token_list', [], { method }), 'api_token_list');
      const tokens = data.tokens as Record<string, Record<string, unknown>>;
      expect(tokens[limited]).toEqual({
        acls: Object.fromEntries(ACLS.map((acl) => [acl, acl === 'list-licenses' || acl === 'manage-api-tokens' ? 1 : 0])),
        create_time: expect.any(Number),
        expires_at: IN_A_YEAR,
        name: limited,
        whitelist_ips: ['198.51.100.0/24'],
      });
      // An unrestricted token (alice's own) holds every ACL.
      const unrestricted = Object.values(tokens).find((t) => (t.acls as Record<string, number>).all === 1)!;
      expect(unrestricted.acls).toEqual(Object.fromEntries(ACLS.map((acl) => [acl, 1])));
    });

    it('api_token_update: renames, replaces ACLs and allowlist, sets the expiry; what is absent stays; whitelist_ip=any clears', async () => {
      const t = name();
      const { token } = await h.tokens.create('alice', { name: t, privileges: ['list'] });
      const renamed = `${t}-b`;
      const data = ok(
        await call(
          'api_token_update',
          [
            ['token_name', t],
            ['new_name', renamed],
            ['acl-1', 'list-licenses'],
            ['acl-2', 'add-license'],
            ['expires_at', String(IN_A_YEAR)],
            ['whitelist_ip-0', '203.0.113.0/24'],
          ],
          { method },
        ),
        'api_token_update',
      );
      expect(data).toEqual({ acls: ['add-license', 'list-licenses'], create_time: expect.any(Number), expires_at: IN_A_YEAR, name: renamed, whitelist_ips: ['203.0.113.0/24'] });
      expect(await works(token, '198.51.100.9')).toBe(false);
      expect(await works(token, '203.0.113.9')).toBe(true);
      // Only the name given: nothing else changes.
      expect(ok(await call('api_token_update', [['token_name', renamed]], { method }), 'api_token_update')).toMatchObject({ acls: ['add-license', 'list-licenses'], whitelist_ips: ['203.0.113.0/24'] });
      const cleared = ok(await call('api_token_update', [['token_name', renamed], ['whitelist_ip', 'any'], ['expires_at', '0'], ['acl', 'all']], { method }), 'api_token_update');
      expect(cleared).toMatchObject({ acls: ['all'], expires_at: null, whitelist_ips: null });
      expect(await works(token, '198.51.100.9')).toBe(true);
    });

    it('api_token_revoke: one or several names; unknown names are no error; metadata only', async () => {
      const [a, b] = [name(), name()];
      const { token } = await h.tokens.create('alice', { name: a });
      await h.tokens.create('alice', { name: b });
      const res = await call('api_token_revoke', [['token_name-1', a], ['token_name-2', 'never-was'], ['token_name-3', b]], { method });
      ok(res, 'api_token_revoke');
      expect(res.data).toBeUndefined();
      expect(await works(token, '198.51.100.9')).toBe(false);
      ok(await call('api_token_revoke', [['token_name', 'never-was']], { method }), 'api_token_revoke');
    });

    it('api_token_get_details: one’s own token’s details; metadata only for anything else', async () => {
      const t = name();
      const { token } = await h.tokens.create('alice', { name: t, privileges: ['search'], allowedIps: ['2001:db8::1'] });
      const data = ok(await call('api_token_get_details', [['token', token]], { method }), 'api_token_get_details');
      expect(data).toEqual({ acls: ['search-licenses'], create_time: expect.any(Number), expires_at: null, name: t, whitelist_ips: ['2001:0db8:0000:0000:0000:0000:0000:0001'] });
      const bobs = await h.mintToken('bob');
      for (const unknown of [bobs, 'A'.repeat(32), 'short']) {
        const res = await call('api_token_get_details', [['token', unknown]], { method });
        ok(res, 'api_token_get_details');
        expect(res.data).toBeUndefined();
      }
    });
  });

  describe('the envelope', () => {
    it('a failed function is HTTP 200 with result 0 and a reason naming the argument; nothing changes', async () => {
      await h.tokens.create('alice', { name: 'exists' });
      const before = await tokensTable();
      const cases: Array<[string, Array<[string, string]>, string | RegExp]> = [
        ['api_token_create', [], 'Provide the “token_name” argument.'],
        ['api_token_create', [['token_name', 'bad name!']], 'is not a valid API token name'],
        ['api_token_create', [['token_name', 'exists']], 'A conflicting API token with the name “exists” already exists.'],
        ['api_token_create', [['token_name', 'x1'], ['acl-0', 'root-everything']], /“root-everything” is not a valid ACL: use one of all, add-license/],
        ['api_token_create', [['token_name', 'x2'], ['acl', '']], 'The “acl” argument cannot be empty.'],
        ['api_token_create', [['token_name', 'x3'], ['expires_at', '1000']], 'The “1000” value must be a future date.'],
        ['api_token_create', [['token_name', 'x4'], ['expires_at', 'tomorrow']], /expires_at/],
        ['api_token_create', [['token_name', 'x5'], ['whitelist_ip-0', '300.1.1.1']], /whitelist_ip/],
        ['api_token_create', [['token_name', 'x6'], ['whitelist_ip', '0.0.0.0/0']], /whitelist_ip/],
        ['api_token_create', [['token_name', 'x7'], ...Array.from({ length: 101 }, (_, i): [string, string] => [`whitelist_ip-${i}`, `10.1.${i}.1`])], /at most 100/],
        ['api_token_update', [['new_name', 'y']], 'Provide the “token_name” argument.'],
        ['api_token_update', [['token_name', 'nope'], ['acl-0', 'list-licenses']], 'The API token “nope” does not exist.'],
        ['api_token_update', [['token_name', 'exists'], ['new_name', 'no good']], /“no good” is not a valid API token name/],
        ['api_token_update', [['token_name', 'exists'], ['whitelist_ip-0', 'any'], ['whitelist_ip-1', '192.0.2.1']], /give it alone/],
        ['api_token_revoke', [], 'Provide the “token_name” argument.'],
        ['api_token_get_details', [], 'Provide the “token” argument.'],
      ];
      for (const [fn, args, reason] of cases) failed(await call(fn, args), fn, reason);
      expect(await tokensTable()).toEqual(before);
    });

    it('an unknown function and another API version are refused in the envelope', async () => {
      failed(await call('listaccts'), 'listaccts', 'Unknown app (“listaccts”) requested for this version (1) of the API.');
      const res = await h.http.get('/json-api/api_token_list?api.version=2').set(...whm(alice));
      expect(res.status).toBe(200);
      failed(JSON.parse(res.text) as Envelope, 'api_token_list', 'This server speaks WHM API 1 only: call with api.version=1.');
    });
  });

  describe('credentials', () => {
    it('a missing, bad, revoked or another user’s credential: 403 with cpsrvd’s “Access denied” body, by GET and POST', async () => {
      const revoked = name();
      const { token } = await h.tokens.create('alice', { name: revoked });
      await h.tokens.revoke('alice', revoked);
      const refused: Array<[string, string] | null> = [
        null,
        ['Authorization', `whm alice:${'A'.repeat(32)}`],
        ['Authorization', `whm bob:${alice.token}`],
        ['Authorization', `whm alice:${token}`],
        ['Authorization', `whm alice:${alice.token}x`],
      ];
      for (const auth of refused) {
        for (const method of ['GET', 'POST'] as const) {
          expect(await call('api_token_list', [], { auth, method, status: 403 })).toEqual(ACCESS_DENIED);
        }
      }
    });

    it('the whm scheme in any case, the cpanel scheme, and a key holding the privilege (apikey, `;`); never Basic', async () => {
      for (const scheme of ['whm', 'WHM', 'Whm', 'cpanel']) ok(await call('api_token_list', [], { auth: whm(alice, scheme) }), 'api_token_list');
      // Basic is read by the Manage2 scripts only: a browser sends cached Basic credentials by itself.
      const basic = `Basic ${Buffer.from(`alice:${alice.token}`).toString('base64')}`;
      expect(await call('api_token_list', [], { auth: ['Authorization', basic], status: 403 })).toEqual(ACCESS_DENIED);
      const { key } = await h.app.get(AuthorizationKeysService).create('alice', { ip: '127.0.0.1', service: 'whm-client', privileges: ['apitokens'] });
      const res = await h.http.get(`/json-api/api_token_create?api.version=1;apikey=${key};token_name=from-a-key`);
      expect(res.status).toBe(200);
      // Without ACLs the token gets the key's privileges; a key is bound to its address: what it creates is too.
      expect(ok(JSON.parse(res.text) as Envelope, 'api_token_create')).toMatchObject({ name: 'from-a-key', acls: ['manage-api-tokens'], whitelist_ips: ['127.0.0.1'] });
    });
  });

  describe('no escalation', () => {
    let limited: HarnessLogin;
    let bound: HarnessLogin;

    beforeAll(async () => {
      limited = await h.login('alice', ['list', 'apitokens']);
      bound = await h.login('alice', undefined, { allowedIps: ['198.51.100.0/24'] });
    });

    it('a credential without “Manage API Tokens” is refused in the envelope, by function', async () => {
      const lister = await h.login('alice', ['list']);
      const before = await tokensTable();
      for (const fn of ['api_token_create', 'api_token_list', 'api_token_update', 'api_token_revoke', 'api_token_get_details']) {
        failed(await call(fn, [['token_name', 'zz'], ['token', lister.token]], { auth: whm(lister) }), fn, 'This credential lacks the privilege “Manage API Tokens”.');
      }
      expect(await tokensTable()).toEqual(before);
    });

    it('a limited token creates and updates tokens within its privileges only; without ACLs a token gets its own', async () => {
      expect(ok(await call('api_token_create', [['token_name', 'esc-own']], { auth: whm(limited) }), 'api_token_create')).toMatchObject({
        acls: ['list-licenses', 'manage-api-tokens'],
      });
      const before = await tokensTable();
      failed(await call('api_token_create', [['token_name', 'esc-2'], ['acl', 'all']], { auth: whm(limited) }), 'api_token_create', 'A limited credential cannot create an unrestricted token.');
      failed(await call('api_token_create', [['token_name', 'esc-3'], ['acl-0', 'add-license']], { auth: whm(limited) }), 'api_token_create', /cannot grant the privilege “Add a New License”/);
      await h.tokens.create('alice', { name: 'target', privileges: ['list'] });
      const mid = await tokensTable();
      failed(await call('api_token_update', [['token_name', 'target'], ['acl-0', 'add-license']], { auth: whm(limited) }), 'api_token_update', /Add a New License/);
      failed(await call('api_token_update', [['token_name', 'target'], ['acl', 'all']], { auth: whm(limited) }), 'api_token_update', /unrestricted/);
      expect(await tokensTable()).toEqual(mid);
      expect(before).not.toEqual(mid);
      ok(await call('api_token_create', [['token_name', 'esc-ok'], ['acl-0', 'list-licenses']], { auth: whm(limited) }), 'api_token_create');
    });

    it('a token bound to addresses creates tokens bound at least as tightly, and never widens one (itself included)', async () => {
      const from = '198.51.100.7';
      const made = ok(await call('api_token_create', [['token_name', 'child-bound']], { auth: whm(bound), from }), 'api_token_create');
      expect(made.whitelist_ips).toEqual(['198.51.100.0/24']);
      const before = await tokensTable();
      failed(await call('api_token_create', [['token_name', 'child-wide'], ['whitelist_ip', '203.0.113.0/24']], { auth: whm(bound), from }), 'api_token_create', /addresses/);
      failed(await call('api_token_update', [['token_name', 'child-bound'], ['whitelist_ip', 'any']], { auth: whm(bound), from }), 'api_token_update', /usable from addresses/);
      const own = (await h.tokens.list('alice', { pageSize: 500 })).items.find((t) => t.allowedIps.join() === '198.51.100.0/24' && t.name.startsWith('harness-'))!;
      failed(await call('api_token_update', [['token_name', own.name], ['whitelist_ip', 'any']], { auth: whm(bound), from }), 'api_token_update', /usable from addresses/);
      expect(await tokensTable()).toEqual(before);
    });
  });

  describe('security rules the face inherits', () => {
    it('HEAD never runs a function (405), and changes nothing', async () => {
      const before = await tokensTable();
      const res = await h.http.head('/json-api/api_token_create?api.version=1&token_name=by-head').set(...whm(alice));
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, POST');
      expect(await tokensTable()).toEqual(before);
    });

    it('a new token is no-store, and appears in no other answer', async () => {
      const res = await h.http.get('/json-api/api_token_create?api.version=1&token_name=fresh-secret').set(...whm(alice));
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.pragma).toBe('no-cache');
      const token = (JSON.parse(res.text) as Envelope).data!.token as string;
      expect(JSON.stringify(await call('api_token_list'))).not.toContain(token);
      expect(JSON.stringify(await call('api_token_get_details', [['token', token]]))).not.toContain(token);
    });

    it('too many refused credentials from an address: 429 with Retry-After, no longer 403', async () => {
      const limitedApp = await createAppHarness({ platform, env: { AUTH_FAILURE_LIMIT: '2' } });
      try {
        const codes: number[] = [];
        for (let i = 0; i < 5; i++) {
          const res = await limitedApp.http.get('/json-api/api_token_list?api.version=1').set('Authorization', `whm alice:${'B'.repeat(32)}`);
          codes.push(res.status);
          if (res.status === 429) {
            expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
            expect((JSON.parse(res.text) as Envelope).metadata.result).toBe(0);
          }
        }
        expect(codes.slice(0, 2)).toEqual([403, 403]);
        expect(codes.slice(2).every((c) => c === 429)).toBe(true);
      } finally {
        await limitedApp.close();
      }
    });

    it('a refused credential is answered no sooner than the refusal delay', async () => {
      const slow = await createAppHarness({ platform, env: { AUTH_FAILURE_LIMIT: '0', AUTH_REFUSAL_DELAY_MS: '400' } });
      try {
        const started = performance.now();
        const res = await slow.http.get('/json-api/api_token_list?api.version=1').set('Authorization', `whm alice:${'C'.repeat(32)}`);
        expect(res.status).toBe(403);
        // A lower bound only: the server promises "not before", never "how fast".
        expect(performance.now() - started).toBeGreaterThanOrEqual(395);
      } finally {
        await slow.close();
      }
    });
  });
});
