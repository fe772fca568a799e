// REST for authorization keys and pickup passphrases (/api/authkeys, /api/passphrases) and the
// public registration, through the real app. The app trusts 127.0.0.1 as a proxy, so each test
// speaks from its own X-Forwarded-For address: keys are bound to the caller's address, and
// failure limits count per address.
import type { Test } from 'supertest';
import { LICENSE_PRIVILEGES } from '../../apps/license-panel/src/privileges.js';
import { createAppHarness, PLATFORM_RUNS, type AppHarness, type HarnessLogin } from './support/app-harness.js';

const ALL = LICENSE_PRIVILEGES.map((p) => p.id);
const KEY = /^[0-9A-Z]{20}$/;
const PHRASE = 'correct horse battery staple';

let nextHost = 1;
function freshIp(): string {
  return `198.51.100.${nextHost++}`;
}

describe.each(PLATFORM_RUNS)('Authorization keys and pickup passphrases over REST, $name', ({ platform }) => {
  let h: AppHarness;
  let alice: HarnessLogin;

  beforeAll(async () => {
    h = await createAppHarness({ platform, trustedProxies: ['127.0.0.1'] });
    alice = await h.login('alice');
    await h.createAccount('bob');
  });

  afterAll(async () => {
    await h?.close();
  });

  /** A request from `from` (X-Forwarded-For through the trusted local proxy). */
  const call = (method: 'get' | 'post' | 'delete', path: string, from: string, who?: HarnessLogin): Test => {
    const req = h.http[method](path).set('X-Forwarded-For', from);
    return who ? req.set(...who.auth) : req;
  };
  // The REST face reads no HTTP Basic (only Manage2 does): keys go in the apikey parameter.
  const withKey = (path: string, key: string): string => `${path}${path.includes('?') ? '&' : '?'}apikey=${key}`;

  async function keysState(): Promise<unknown> {
    return h.dataSource.query('SELECT id, owner, ip, service, privileges, secret_hash FROM authorization_keys ORDER BY id');
  }
  async function passphrasesState(): Promise<unknown> {
    return h.dataSource.query('SELECT id, owner, hash, privileges FROM pickup_passphrases ORDER BY id');
  }

  describe('authorization keys', () => {
    it('lists none at first, creates a key shown once, and stores only its hash', async () => {
      const bobUser = await h.login('bob');
      expect((await call('get', '/api/authkeys', freshIp(), bobUser).expect(200)).body).toEqual([]);

      const ip = freshIp();
      const res = await call('post', '/api/authkeys', ip, alice).send({ ip, service: 'billing', privileges: ['list', 'search'] });
      expect(res.status).toBe(201);
      expect(res.body.key).toMatch(KEY);
      expect(res.body.item).toMatchObject({ owner: 'alice', ip, service: 'billing', privileges: ['list', 'search'], lastUsedAt: null });

      const listed = (await call('get', '/api/authkeys', ip, alice).expect(200)).body as Array<Record<string, unknown>>;
      expect(listed.map((k) => k.id)).toContain(res.body.item.id);
      expect(JSON.stringify(listed)).not.toContain(res.body.key);
      expect(JSON.stringify(await keysState())).not.toContain(res.body.key);
    });

    it('the key authenticates from its address only, with its privileges only', async () => {
      const ip = freshIp();
      const { key } = (await call('post', '/api/authkeys', ip, alice).send({ ip, service: 'lister', privileges: ['list'] }).expect(201)).body;
      await call('get', withKey('/api/licenses', key), ip).expect(200);
      await call('get', `/api/packages?apikey=${key}`, ip).expect(200);
      const refused = await call('post', withKey('/api/licenses', key), ip).send({ ip: '203.0.113.1', packageId: 3 });
      expect(refused.status).toBe(403);
      await call('get', withKey('/api/licenses', key), freshIp()).expect(401);
    });

    it('refuses a second key for the same address and service, changing nothing', async () => {
      const ip = freshIp();
      await call('post', '/api/authkeys', ip, alice).send({ ip, service: 'dup', privileges: ['list'] }).expect(201);
      const before = await keysState();
      const res = await call('post', '/api/authkeys', ip, alice).send({ ip, service: 'dup', privileges: ['add'] });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: 'DUPLICATE_KEY', field: 'service' });
      expect(await keysState()).toEqual(before);
    });

    it.each([
      [{ ip: 'nowhere', service: 's1', privileges: ['list'] }, 'ip'],
      [{ ip: '203.0.113.5', service: 'bad service!', privileges: ['list'] }, 'service'],
      [{ ip: '203.0.113.5', service: 's2', privileges: ['fly'] }, 'privileges'],
      [{ ip: '203.0.113.5', service: 's3', privileges: [] }, 'privileges'],
      [{ ip: '203.0.113.5', service: 's4' }, 'privileges'],
      [{ ip: '203.0.113.5', service: 's5', privileges: 'list' }, 'privileges'],
      [{ service: 's6', privileges: ['list'] }, 'ip'],
      [{ ip: '203.0.113.5', service: 's7', privileges: ['list'], owner: 'bob' }, 'owner'],
    ])('refuses %p naming %s, changing nothing', async (body, field) => {
      const before = await keysState();
      const res = await call('post', '/api/authkeys', freshIp(), alice).send(body);
      expect(res.status).toBe(400);
      expect(res.body.field === field || JSON.stringify(res.body.message).includes(field)).toBe(true);
      expect(await keysState()).toEqual(before);
    });

    it('never grants a privilege the credential does not hold', async () => {
      const manager = await h.login('alice', ['authkeys', 'list']);
      const before = await keysState();
      const res = await call('post', '/api/authkeys', freshIp(), manager).send({ ip: '203.0.113.6', service: 'escalate', privileges: ['list', 'add'] });
      expect(res.status).toBe(403);
      expect(res.body.field).toBe('privileges');
      expect(await keysState()).toEqual(before);
      await call('post', '/api/authkeys', freshIp(), manager).send({ ip: '203.0.113.6', service: 'fine', privileges: ['list'] }).expect(201);
    });

    it('applies a batch of modifications all together, or none of it', async () => {
      const from = freshIp();
      const a = (await call('post', '/api/authkeys', from, alice).send({ ip: '203.0.113.20', service: 'a', privileges: ['list'] }).expect(201)).body;
      const b = (await call('post', '/api/authkeys', from, alice).send({ ip: '203.0.113.21', service: 'b', privileges: ['list'] }).expect(201)).body;

      const before = await keysState();
      const unknown = await call('post', '/api/authkeys/modifications', from, alice).send({
        modifications: [
          { id: a.item.id, privileges: ['list', 'add'] },
          { id: '00000000-0000-0000-0000-000000000000', remove: true },
        ],
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.field).toBe('modifications[1].id');
      const badPrivilege = await call('post', '/api/authkeys/modifications', from, alice).send({
        modifications: [
          { id: a.item.id, privileges: ['list', 'add'] },
          { id: b.item.id, privileges: ['nope'] },
        ],
      });
      expect(badPrivilege.status).toBe(400);
      expect(badPrivilege.body.field).toBe('modifications[1].privileges');
      const nested = await call('post', '/api/authkeys/modifications', from, alice).send({ modifications: [{ id: a.item.id, remove: true, extra: 1 }] });
      expect(nested.status).toBe(400);
      expect(JSON.stringify(nested.body.message)).toContain('extra');
      expect(await keysState()).toEqual(before);

      const ok = await call('post', '/api/authkeys/modifications', from, alice).send({
        modifications: [
          { id: a.item.id, privileges: ['list', 'add'] },
          { id: b.item.id, remove: true },
        ],
      });
      expect(ok.status).toBe(200);
      expect(ok.body.removed).toEqual([b.item.id]);
      expect(ok.body.updated).toMatchObject([{ id: a.item.id, privileges: ['add', 'list'].sort((x, y) => ALL.indexOf(x) - ALL.indexOf(y)) }]);
      // The old key of b no longer works; a's key now may add.
      await call('get', withKey('/api/packages', b.key), '203.0.113.21').expect(401);
      await call('post', withKey('/api/licenses', a.key), '203.0.113.20').send({ ip: '203.0.113.99', packageId: 1, dryrun: true }).expect(201);
    });

    it('deletes a key (its own account’s only)', async () => {
      const from = freshIp();
      const created = (await call('post', '/api/authkeys', from, alice).send({ ip: from, service: 'gone', privileges: ['list'] }).expect(201)).body;
      const bob = await h.login('bob');
      await call('delete', `/api/authkeys/${created.item.id}`, from, bob).expect(404);
      const res = await call('delete', `/api/authkeys/${created.item.id}`, from, alice);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ removed: [created.item.id] });
      await call('get', withKey('/api/licenses', created.key), from).expect(401);
      await call('delete', `/api/authkeys/${created.item.id}`, from, alice).expect(404);
    });
  });

  describe('pickup passphrases', () => {
    it('adds a passphrase without ever showing or storing it', async () => {
      const from = freshIp();
      const res = await call('post', '/api/passphrases', from, alice).send({ passphrase: 'a stored phrase nobody sees', privileges: ['list'] });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), owner: 'alice', privileges: ['list'], allowedIps: null, expiresAt: null, createdAt: expect.any(String) });
      const listed = await call('get', '/api/passphrases', from, alice).expect(200);
      expect(listed.body.map((p: { id: string }) => p.id)).toContain(res.body.id);
      expect(JSON.stringify(listed.body)).not.toContain('nobody sees');
      expect(JSON.stringify(await passphrasesState())).not.toContain('nobody sees');
    });

    it.each([
      [{ passphrase: 'short', privileges: ['list'] }, 'passphrase', 'too short'],
      [{ passphrase: 'abababababababab', privileges: ['list'] }, 'passphrase', 'repetitive'],
      [{ passphrase: 'long enough phrase 1', privileges: ['fly'] }, 'privileges', ''],
      [{ passphrase: 'long enough phrase 2' }, 'privileges', ''],
      [{ privileges: ['list'] }, 'passphrase', ''],
    ])('refuses %p naming %s, changing nothing', async (body, field, text) => {
      const before = await passphrasesState();
      const res = await call('post', '/api/passphrases', freshIp(), alice).send(body);
      expect(res.status).toBe(400);
      expect(res.body.field === field || JSON.stringify(res.body.message).includes(field)).toBe(true);
      expect(JSON.stringify(res.body.message)).toContain(text);
      expect(await passphrasesState()).toEqual(before);
    });

    it('refuses the same passphrase twice', async () => {
      const from = freshIp();
      await call('post', '/api/passphrases', from, alice).send({ passphrase: 'the very same phrase', privileges: ['list'] }).expect(201);
      const res = await call('post', '/api/passphrases', from, alice).send({ passphrase: 'the very same phrase', privileges: ['add'] });
      expect(res.status).toBe(409);
      expect(res.body.field).toBe('passphrase');
    });

    it('modifies in a batch (all or nothing) and deletes', async () => {
      const from = freshIp();
      const p = (await call('post', '/api/passphrases', from, alice).send({ passphrase: 'batch phrase number one', privileges: ['list'] }).expect(201)).body;
      const before = await passphrasesState();
      await call('post', '/api/passphrases/modifications', from, alice)
        .send({ modifications: [{ id: p.id, privileges: ['search'] }, { id: 'missing', remove: true }] })
        .expect(404);
      expect(await passphrasesState()).toEqual(before);
      const ok = await call('post', '/api/passphrases/modifications', from, alice).send({ modifications: [{ id: p.id, privileges: ['search'] }] });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ updated: [expect.objectContaining({ id: p.id, privileges: ['search'] })], removed: [] });
      await call('delete', `/api/passphrases/${p.id}`, from, alice).expect(200);
      await call('delete', `/api/passphrases/${p.id}`, from, alice).expect(404);
    });
  });

  describe('registration (public)', () => {
    beforeAll(async () => {
      await call('post', '/api/passphrases', freshIp(), alice).send({ passphrase: PHRASE, privileges: ['list', 'search'] }).expect(201);
    });

    it('trades the passphrase for a key bound to the caller’s address, with the passphrase’s privileges', async () => {
      const from = freshIp();
      const res = await call('post', '/api/authkeys/register', from).send({ user: 'alice', pickup: PHRASE, service: 'whmcs' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ reason: `Successfully registered whmcs on ${from}`, key: expect.stringMatching(KEY), ip: from, service: 'whmcs', privileges: ['list', 'search'] });
      const key = res.body.key as string;
      await call('get', withKey('/api/licenses', key), from).expect(200);
      await call('get', withKey('/api/licenses', key), freshIp()).expect(401);
      await call('post', withKey('/api/licenses', key), from).send({ ip: '203.0.113.7', packageId: 3 }).expect(403);
      const listed = (await call('get', '/api/authkeys', from, alice).expect(200)).body as Array<{ ip: string; service: string }>;
      expect(listed).toContainEqual(expect.objectContaining({ ip: from, service: 'whmcs', privileges: ['list', 'search'] }));

      // Registering again for the same address and service replaces the key.
      const again = await call('post', '/api/authkeys/register', from).send({ user: 'alice', pickup: PHRASE, service: 'whmcs' }).expect(201);
      expect(again.body.key).not.toBe(key);
      await call('get', withKey('/api/licenses', key), from).expect(401);
      await call('get', withKey('/api/licenses', again.body.key), from).expect(200);
    });

    it('answers one 403 for a wrong passphrase or an unknown user, and creates nothing', async () => {
      const from = freshIp();
      const before = await keysState();
      const wrong = await call('post', '/api/authkeys/register', from).send({ user: 'alice', pickup: 'not the right phrase', service: 'x' });
      const nobody = await call('post', '/api/authkeys/register', from).send({ user: 'nobody', pickup: PHRASE, service: 'x' });
      expect(wrong.status).toBe(403);
      expect(nobody.status).toBe(403);
      expect(nobody.body).toEqual(wrong.body);
      expect(wrong.body.error).toBe('REGISTRATION_FAILED');
      expect(JSON.stringify(wrong.body)).not.toContain('not the right phrase');
      expect(await keysState()).toEqual(before);
    });

    it('delays an address after repeated failures (429 with Retry-After)', async () => {
      const from = freshIp();
      let last = await call('post', '/api/authkeys/register', from).send({ user: 'ghost', pickup: 'wrong phrase 0', service: 'x' });
      for (let i = 1; i < 8 && last.status !== 429; i++) {
        last = await call('post', '/api/authkeys/register', from).send({ user: 'ghost', pickup: `wrong phrase ${i}`, service: 'x' });
      }
      expect(last.status).toBe(429);
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      expect(last.body).toMatchObject({ error: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: Number(last.headers['retry-after']) });
    });

    it.each([
      [{ pickup: PHRASE, service: 'x' }, 'user'],
      [{ user: 'alice', service: 'x' }, 'pickup'],
      [{ user: 'alice', pickup: PHRASE }, 'service'],
      [{ user: 'alice', pickup: PHRASE, service: 'not ok!' }, 'service'],
      [{ user: 'alice', pickup: PHRASE, service: 'x', ip: '203.0.113.50' }, 'ip'],
    ])('refuses %p naming %s', async (body, field) => {
      const before = await keysState();
      const res = await call('post', '/api/authkeys/register', freshIp()).send(body);
      expect(res.status).toBe(400);
      expect(res.body.field === field || JSON.stringify(res.body.message).includes(field)).toBe(true);
      expect(await keysState()).toEqual(before);
    });
  });

  describe('privileges', () => {
    const routes: Array<[string, 'get' | 'post' | 'delete', string, Record<string, unknown> | undefined]> = [
      ['list keys', 'get', '/api/authkeys', undefined],
      ['create a key', 'post', '/api/authkeys', { ip: '203.0.113.30', service: 'p', privileges: ['list'] }],
      ['modify keys', 'post', '/api/authkeys/modifications', { modifications: [] }],
      ['delete a key', 'delete', '/api/authkeys/00000000-0000-0000-0000-000000000000', undefined],
      ['list passphrases', 'get', '/api/passphrases', undefined],
      ['add a passphrase', 'post', '/api/passphrases', { passphrase: 'privilege check phrase', privileges: ['list'] }],
      ['modify passphrases', 'post', '/api/passphrases/modifications', { modifications: [] }],
      ['delete a passphrase', 'delete', '/api/passphrases/missing', undefined],
    ];

    it.each(routes)('"Manage Authkeys" guards %s', async (_what, method, path, body) => {
      const without = await h.login('alice', ALL.filter((p) => p !== 'authkeys'));
      const only = await h.login('alice', ['authkeys', 'list']);
      const from = freshIp();
      const send = (who: HarnessLogin): Test => {
        const req = call(method, path, from, who);
        return body === undefined ? req : req.send(body);
      };
      const before = [await keysState(), await passphrasesState()];
      const refused = await send(without);
      expect(refused.status).toBe(403);
      expect(refused.body.privilege).toBe('authkeys');
      expect([await keysState(), await passphrasesState()]).toEqual(before);
      expect([200, 201, 404]).toContain((await send(only)).status);
      await call(method, path, from).expect(401);
    });
  });
});
