// The UAPI face (/execute/Tokens/*) through the real app: cPanel's envelope, texts and
// argument conventions, GET and POST, the create_limited extension, and every credential kind
// that may call it (the cpanel and whm headers, Basic, an authorization key holding the privilege).
import { AuthorizationKeysService } from 'nestjs-api-tokens';
import { createAppHarness, PLATFORM_RUNS, type AppHarness } from './support/app-harness.js';

const ENVELOPE_KEYS = ['data', 'errors', 'messages', 'metadata', 'status', 'warnings'];
const BAD_NAME_TEXT = (n: string): string =>
  `“${n}” is not a valid API token name. An API token name must not be longer than 50 characters and may only contain the following 64 characters: a-z A-Z 0-9 _ -`;

describe.each(PLATFORM_RUNS)('UAPI Tokens face, $name', ({ platform }) => {
  let t: AppHarness;
  let admin: string;
  const auth = (token: string, user = 'alice'): [string, string] => ['Authorization', `cpanel ${user}:${token}`];

  /** Calls a function by GET (query) or POST (form body) and checks the envelope's shape and HTTP 200. */
  async function call(method: 'GET' | 'POST', fn: string, args: Record<string, string | string[]> = {}, token = admin, user = 'alice') {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(args)) for (const one of [v].flat()) form.append(k, one);
    const req =
      method === 'GET'
        ? t.http.get(`/execute/Tokens/${fn}?${form.toString()}`)
        : t.http.post(`/execute/Tokens/${fn}`).type('form').send(form.toString());
    const res = await req.set(...auth(token, user));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(res.body).sort()).toEqual(ENVELOPE_KEYS);
    expect(res.body).toMatchObject({ messages: null, warnings: null, metadata: {} });
    return res.body as { status: 0 | 1; data: unknown; errors: string[] | null };
  }

  async function expectError(method: 'GET' | 'POST', fn: string, args: Record<string, string | string[]>, text: string, token = admin, user = 'alice') {
    const body = await call(method, fn, args, token, user);
    expect(body).toMatchObject({ status: 0, data: null, errors: [text] });
  }

  async function names(): Promise<string[]> {
    const body = await call('GET', 'list');
    return (body.data as { name: string }[]).map((i) => i.name);
  }

  beforeAll(async () => {
    // The suite refuses credentials on purpose; the failure limiter has its own test below.
    t = await createAppHarness({ platform, env: { AUTH_FAILURE_LIMIT: '0' } });
    await t.createAccount('alice');
    await t.createAccount('bob');
    admin = await t.mintToken('alice', undefined, { name: 'admin' });
  });

  afterAll(async () => {
    await t?.close();
  });

  describe.each(['GET', 'POST'] as const)('%s', (method) => {
    const tag = method.toLowerCase();

    it('create_full_access answers the token and its creation time, and the token works', async () => {
      const before = Math.floor(Date.now() / 1000);
      const body = await call(method, 'create_full_access', { name: `full-${tag}` });
      expect(body).toMatchObject({ status: 1, errors: null });
      const data = body.data as { token: string; create_time: number };
      expect(Object.keys(data).sort()).toEqual(['create_time', 'token']);
      expect(data.token).toMatch(/^[0-9A-Z]{32}$/);
      expect(data.create_time).toBeGreaterThanOrEqual(before - 1);
      expect(data.create_time).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
      expect((await call(method, 'list', {}, data.token)).status).toBe(1);
    });

    it('list answers every token with cPanel fields', async () => {
      const expires = Math.floor(Date.now() / 1000) + 86_400 * 30;
      await call(method, 'create_full_access', { name: `exp-${tag}`, expires_at: String(expires) });
      await call(method, 'create_limited', { name: `lim-${tag}`, features: ['search', 'list'] });
      const body = await call(method, 'list');
      expect(body.status).toBe(1);
      const items = body.data as Record<string, unknown>[];
      for (const item of items) expect(Object.keys(item).sort()).toEqual(['create_time', 'expires_at', 'features', 'has_full_access', 'name']);
      expect(items.find((i) => i.name === `exp-${tag}`)).toMatchObject({ expires_at: expires, has_full_access: 1, features: [] });
      expect(items.find((i) => i.name === 'admin')).toMatchObject({ expires_at: null, has_full_access: 1 });
      expect(items.find((i) => i.name === `lim-${tag}`)).toMatchObject({ has_full_access: 0, features: ['list', 'search'], expires_at: null });
      expect(typeof items[0]?.create_time).toBe('number');
    });

    it('expires_at empty or 0 means never', async () => {
      await call(method, 'create_full_access', { name: `never0-${tag}`, expires_at: '0' });
      await call(method, 'create_full_access', { name: `never-${tag}`, expires_at: '' });
      const items = (await call(method, 'list')).data as { name: string; expires_at: number | null }[];
      expect(items.find((i) => i.name === `never0-${tag}`)?.expires_at).toBeNull();
      expect(items.find((i) => i.name === `never-${tag}`)?.expires_at).toBeNull();
    });

    it('rename answers null and the token keeps working under its new name', async () => {
      const token = (await call(method, 'create_full_access', { name: `old-${tag}` })).data as { token: string };
      expect(await call(method, 'rename', { name: `old-${tag}`, new_name: `new-${tag}` })).toMatchObject({ status: 1, data: null, errors: null });
      const list = await names();
      expect(list).toContain(`new-${tag}`);
      expect(list).not.toContain(`old-${tag}`);
      expect((await call(method, 'list', {}, token.token)).status).toBe(1);
    });

    it('revoke answers 1 and the token is refused afterwards', async () => {
      const token = ((await call(method, 'create_full_access', { name: `gone-${tag}` })).data as { token: string }).token;
      expect(await call(method, 'revoke', { name: `gone-${tag}` })).toMatchObject({ status: 1, data: 1, errors: null });
      expect(await names()).not.toContain(`gone-${tag}`);
      const res = await t.http.get('/execute/Tokens/list').set(...auth(token));
      expect(res.status).toBe(401);
    });

    it.each([
      ['create_full_access', {}, 'Provide the “name” argument.'],
      ['create_full_access', { name: '' }, 'The “name” argument cannot be empty.'],
      ['create_full_access', { name: 'has space' }, BAD_NAME_TEXT('has space')],
      ['create_full_access', { name: 'x'.repeat(51) }, BAD_NAME_TEXT('x'.repeat(51))],
      ['create_full_access', { name: 'admin' }, 'A conflicting API token with the name “admin” already exists.'],
      ['create_full_access', { name: 'past', expires_at: '1000' }, 'The “1000” value must be a future date.'],
      ['rename', { new_name: 'x' }, 'Provide the “name” argument.'],
      ['rename', { name: 'admin' }, 'Provide the “new_name” argument.'],
      ['rename', { name: 'admin', new_name: '' }, 'The “new_name” argument cannot be empty.'],
      ['rename', { name: 'admin', new_name: 'bad/name' }, BAD_NAME_TEXT('bad/name')],
      ['rename', { name: 'admin', new_name: 'admin' }, '“new_name” must be a different value from “name”.'],
      ['rename', { name: 'nobody-here', new_name: 'x2' }, 'The API token “nobody-here” does not exist.'],
      ['revoke', {}, 'Provide the “name” argument.'],
      ['revoke', { name: '' }, 'The “name” argument cannot be empty.'],
      ['revoke', { name: 'nobody-here' }, 'The API token “nobody-here” does not exist.'],
      ['create_limited', { name: 'lim-x' }, 'Provide the “features” argument.'],
      ['create_limited', { name: 'lim-x', features: 'nope' }, '“nope” is not a known privilege.'],
    ])('%s %j fails with cPanel’s text and changes nothing', async (fn, args, text) => {
      const before = await names();
      await expectError(method, fn, args, text);
      expect(await names()).toEqual(before);
    });

    it('rename onto an existing name fails with cPanel’s text', async () => {
      await call(method, 'create_full_access', { name: `taken-${tag}` });
      await expectError(method, 'rename', { name: 'admin', new_name: `taken-${tag}` }, `An API token with the name “taken-${tag}” already exists.`);
      expect(await names()).toContain('admin');
    });
  });

  it('revoke takes several names (name, name-1, name-2): all of them, or none', async () => {
    for (const n of ['r1', 'r2', 'r3']) await call('POST', 'create_full_access', { name: n });
    await expectError('POST', 'revoke', { name: 'r1', 'name-1': 'missing-one' }, 'The API token “missing-one” does not exist.');
    expect(await names()).toEqual(expect.arrayContaining(['r1', 'r2', 'r3']));
    expect(await call('POST', 'revoke', { name: 'r1', 'name-1': 'r2', 'name-2': 'r3' })).toMatchObject({ status: 1, data: 1 });
    expect(await names()).not.toEqual(expect.arrayContaining(['r1']));
    expect((await names()).filter((n) => /^r\d$/.test(n))).toEqual([]);
  });

  describe('create_limited (extension)', () => {
    it.each([
      ['repeated', { features: ['list', 'search'] }],
      ['comma-separated', { features: 'list,search' }],
      ['numbered', { 'features-1': 'list', 'features-2': 'search' }],
    ])('takes features %s and the token holds exactly them', async (how, features) => {
      const body = await call('GET', 'create_limited', { name: `ro-${how}`, ...features });
      expect(body.status).toBe(1);
      const data = body.data as { token: string; create_time: number; features: string[] };
      expect(data.features).toEqual(['list', 'search']);
      const me = await t.http.get('/api/me').set(...auth(data.token));
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ user: 'alice', fullAccess: false, privileges: ['list', 'search'] });
    });

    it('a limited token without the apitokens privilege cannot manage tokens (status 0, HTTP 200)', async () => {
      const limited = ((await call('GET', 'create_limited', { name: 'no-apitokens', features: 'list' })).data as { token: string }).token;
      const before = await names();
      for (const fn of ['list', 'create_full_access', 'create_limited', 'rename', 'revoke']) {
        await expectError('GET', fn, { name: 'admin', new_name: 'zz', features: 'list' }, 'This credential lacks the privilege “Manage API Tokens”.', limited);
      }
      expect(await names()).toEqual(before);
    });

    it('a limited token with apitokens may create limited tokens within its privileges, not a full-access one', async () => {
      const manager = ((await call('GET', 'create_limited', { name: 'mgr', features: 'apitokens,list' })).data as { token: string }).token;
      expect((await call('GET', 'create_limited', { name: 'mgr-child', features: 'list' }, manager)).status).toBe(1);
      await expectError('GET', 'create_limited', { name: 'mgr-child2', features: 'add' }, 'You cannot grant the privilege “Add a New License” because you do not hold it.', manager);
      await expectError('GET', 'create_full_access', { name: 'mgr-full' }, 'A limited credential cannot create an unrestricted token.', manager);
    });
  });

  it('each account sees and manages only its own tokens', async () => {
    const bob = await t.mintToken('bob', undefined, { name: 'bobs' });
    const list = (await call('GET', 'list', {}, bob, 'bob')).data as { name: string }[];
    expect(list.map((i) => i.name)).toEqual(['bobs']);
    await expectError('GET', 'revoke', { name: 'admin' }, 'The API token “admin” does not exist.', bob, 'bob');
    expect(await names()).toContain('admin');
  });

  it('takes the same token under the whm header, and a key holding “Manage API Tokens” (apikey); never Basic', async () => {
    for (const header of [`WHM alice:${admin}`, `whm alice:${admin}`]) {
      const res = await t.http.get('/execute/Tokens/list').set('Authorization', header);
      expect([res.status, res.body.status]).toEqual([200, 1]);
    }
    // Basic is read by the Manage2 scripts only: a browser sends cached Basic credentials by itself.
    const basic = await t.http.get('/execute/Tokens/list').set('Authorization', `Basic ${Buffer.from(`alice:${admin}`).toString('base64')}`);
    expect([basic.status, basic.body.status]).toEqual([401, 0]);
    const { key } = await t.app.get(AuthorizationKeysService).create('alice', { ip: '127.0.0.1', service: 'uapi-client', privileges: ['apitokens', 'list'] });
    const made = await t.http.get(`/execute/Tokens/create_limited?name=by-a-key&features=list&apikey=${key}`);
    expect([made.status, made.body.status]).toEqual([200, 1]);
    // A key is limited: it never makes an unrestricted token.
    const refused = await t.http.get(`/execute/Tokens/create_full_access?name=by-a-key-full&apikey=${key}`);
    expect(refused.body).toMatchObject({ status: 0, errors: ['A limited credential cannot create an unrestricted token.'] });
  });

  it('an unknown Tokens function is a status-0 envelope', async () => {
    await expectError('GET', 'create', { name: 'x' }, 'The function “Tokens::create” does not exist.');
  });

  it.each([
    ['no credentials', undefined],
    ['an unknown token', 'cpanel alice:ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'],
    ['another user’s name', 'cpanel bob:'],
    ['a malformed header', 'cpanel alice'],
  ])('refuses %s with 401, a challenge and a status-0 envelope', async (_what, header) => {
    let req = t.http.get('/execute/Tokens/list');
    if (header !== undefined) req = req.set('Authorization', header === 'cpanel bob:' ? `cpanel bob:${admin}` : header);
    const res = await req;
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBeDefined();
    expect(res.body).toEqual({ status: 0, data: null, errors: ['Access denied'], messages: null, warnings: null, metadata: {} });
  });

  it('too many failed authentications: 429 with Retry-After and a status-0 envelope', async () => {
    const limited = await createAppHarness({ platform, env: { AUTH_FAILURE_LIMIT: '2' } });
    try {
      const bad = (): Promise<{ status: number; headers: Record<string, string>; body: unknown }> =>
        limited.http.get('/execute/Tokens/list').set('Authorization', 'cpanel alice:ABCDEFGHIJKLMNOPQRSTUVWXYZ012345');
      let last = await bad();
      for (let i = 0; i < 4 && last.status === 401; i++) last = await bad();
      expect(last.status).toBe(429);
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      expect(last.body).toMatchObject({ status: 0, data: null, metadata: {} });
    } finally {
      await limited.close();
    }
  });

  it('a refused POST changes nothing', async () => {
    const before = await names();
    const res = await t.http.post('/execute/Tokens/create_full_access').type('form').send('name=sneaky');
    expect(res.status).toBe(401);
    expect(await names()).toEqual(before);
  });
});
