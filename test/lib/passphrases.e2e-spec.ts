// Pickup passphrases end to end: create / list / batch modifications / delete, and registration
// (passphrase → authorization key for the caller's address) over HTTP with its attempt limits,
// bounded hashing and storage rules, on SQLite, PostgreSQL and MariaDB.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  ApiTokensService,
  AuthorizationKeysService,
  PickupPassphrasesService,
  TOKENS_ACCOUNT_PROVIDER,
  TokenAuthenticator,
  TokensError,
  type InMemoryAccountProvider,
  type CredentialModificationInput,
  type PrivilegeId,
  type TokensModuleOptions,
} from 'nestjs-api-tokens';
// Internal: read only for its run counter (one registration = one scrypt).
import { PassphraseHasher } from '../../libs/api-tokens/src/passphrases/passphrase-hasher.js';
import { keyRequest, tokenRequest } from '../support/credential-requests.js';
import { dumpAllTables } from '../support/table-dump.js';
import { PLATFORM_DBS } from './support/platforms.js';
import { createTokenTestApp, useTokenTestApp } from './support/token-test-app.js';
import { refusal } from './support/refusal.js';

/** Cheap scrypt for speed; one block below uses the real defaults. */
const CHEAP = { scrypt: { cost: 1024 } };
const LIMITS = { freeFailures: 2, baseDelaySeconds: 1, maxDelaySeconds: 4, userFailures: 4 };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.each(PLATFORM_DBS)('Pickup passphrases on %s with %s', (platform, kind) => {
  // The test client connects from 127.0.0.1; trusting it lets every test choose its address.
  const suite = useTokenTestApp(kind, {
    platform,
    tokens: { trustedProxies: ['127.0.0.1'], passphrases: CHEAP, registrationAttempts: LIMITS },
    accounts: ['alice', 'bob', 'pmod', 'reg', 'many', 'victim', 'besieged', 'addrlimit', 'v6user', 'olduser'],
  });
  let passphrases: PickupPassphrasesService;
  let keys: AuthorizationKeysService;
  let accounts: InMemoryAccountProvider;
  let hasher: PassphraseHasher;
  let ds: DataSource;
  /** Every plaintext passphrase and key this suite saw, for the storage check at the end. */
  const secrets: string[] = [];
  const issuedKeys = secrets;
  let lastOctet = 0;
  /** A fresh client address per use, so the per-address limits of one test never touch another. */
  const freshAddress = (): string => `192.0.2.${++lastOctet}`;

  /** Another app on the suite's database with other options, started for the describe it is called in. */
  const useSiblingApp = (tokens: Partial<TokensModuleOptions>): { app: INestApplication } => {
    const sibling = {} as { app: INestApplication };
    beforeAll(async () => {
      sibling.app = await createTokenTestApp({ platform, db: suite.db.options, tokens });
    });
    afterAll(async () => {
      await sibling.app?.close();
    });
    return sibling;
  };

  const addPassphrase = async (owner: string, passphrase: string, privileges: string[] = ['list']) => {
    secrets.push(passphrase);
    return passphrases.create(owner, { passphrase, privileges: privileges as PrivilegeId[] });
  };
  const register = async (agent: ReturnType<typeof request>, from: string, body: Record<string, string>) => {
    const res = await agent.post('/t/register').set('X-Forwarded-For', from).type('form').send(body);
    if (typeof res.body?.key === 'string') secrets.push(res.body.key);
    return res;
  };
  const snapshot = async (): Promise<unknown[]> =>
    (await ds.query('SELECT id, owner, hash, params, privileges FROM pickup_passphrases ORDER BY id')) as unknown[];

  beforeAll(() => {
    passphrases = suite.app.get(PickupPassphrasesService);
    keys = suite.app.get(AuthorizationKeysService);
    accounts = suite.app.get(TOKENS_ACCOUNT_PROVIDER);
    hasher = suite.app.get(PassphraseHasher);
    ds = suite.app.get(DataSource);
    accounts.register('narrow', ['list', 'add']);
  });

  describe('create and list', () => {
    it('stores the passphrase only as a hash and lists it without phrase or hash', async () => {
      await expect(passphrases.list('alice')).resolves.toEqual([]);
      const item = await addPassphrase('alice', 'correct horse battery staple', ['list', 'add']);
      expect(Object.keys(item).sort()).toEqual(['allowedIps', 'createdAt', 'expiresAt', 'id', 'owner', 'privileges']);
      expect(item).toMatchObject({ owner: 'alice', privileges: ['list', 'add'] });
      const listed = await passphrases.list('alice');
      expect(listed).toEqual([item]);
      const rows = (await ds.query(`SELECT hash, params FROM pickup_passphrases WHERE id = '${item.id}'`)) as Array<{ hash: string; params: string }>;
      expect(rows[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0]?.params).toBe('scrypt-v1:N=1024,r=8,p=1');
    });

    it.each([
      ['under 12 characters', 'qzx 7w 9vk!', 'too short: use at least 12 characters'],
      ['over 1024 characters', `${'long phrase '.repeat(86)}`, 'too long'],
      ['a repeated pattern', 'abababababababab', 'too repetitive'],
      ['that is a common breached password', 'qwerty123456', 'too easy to guess'],
      ['close to a common password', 'Iloveyou1234567', 'too easy to guess'],
      ['built on the account’s name and the library’s words', 'alice-cpanel-token-2024', 'built on words of this application or account'],
    ])('refuses a passphrase %s with a 400 that names it and never echoes it', async (_label, passphrase, message) => {
      const before = await snapshot();
      const error = await refusal(passphrases.create('alice', { passphrase, privileges: ['list'] }));
      expect(await snapshot()).toEqual(before);
      expect(error.getStatus()).toBe(400);
      expect(error.code).toBe('WEAK_PASSPHRASE');
      expect(error.field).toBe('passphrase');
      expect(error.message).toContain('pickup passphrase');
      expect(error.message).toContain(message);
      expect(JSON.stringify(error.getResponse())).not.toContain(passphrase);
    });

    it('refuses a missing passphrase and bad privilege lists', async () => {
      expect((await refusal(passphrases.create('alice', { passphrase: undefined as never, privileges: ['list'] }))).field).toBe('passphrase');
      expect((await refusal(passphrases.create('alice', { passphrase: 'a fine long phrase', privileges: ['nope' as never] }))).code).toBe('UNKNOWN_PRIVILEGE');
      expect((await refusal(passphrases.create('alice', { passphrase: 'a fine long phrase', privileges: [] }))).getStatus()).toBe(400);
      expect((await refusal(passphrases.create('narrow', { passphrase: 'a fine long phrase', privileges: ['expire'] }))).code).toBe('PRIVILEGE_NOT_HELD');
    });

    it('refuses the same passphrase twice for one user, not across users', async () => {
      await addPassphrase('bob', 'the same phrase for two');
      const error = await refusal(passphrases.create('bob', { passphrase: 'the same phrase for two', privileges: ['add'] }));
      expect(error.code).toBe('DUPLICATE_PASSPHRASE');
      expect(error.getStatus()).toBe(409);
      await expect(addPassphrase('alice', 'the same phrase for two')).resolves.toBeDefined();
    });

    it('needs a full-access credential to manage passphrases when no manageKeysPrivilege is set', async () => {
      const key = await keys.create('alice', { ip: '127.0.0.1', service: 'no-manage', privileges: ['list', 'add', 'expire', 'apitokens'] });
      secrets.push(key.key);
      const authenticator = suite.app.get(TokenAuthenticator);
      const asKey = await authenticator.authenticate(keyRequest(key.key));
      await expect(passphrases.list(asKey)).rejects.toThrow('requires an unrestricted (full access) credential');
      await expect(keys.list(asKey)).rejects.toThrow('requires an unrestricted (full access) credential');
      const { token } = await suite.app.get(ApiTokensService).create('alice', { name: 'pp-full' });
      const full = await authenticator.authenticate(tokenRequest('alice', token));
      await expect(passphrases.list(full)).resolves.toBeDefined();
      const item = await passphrases.create(full, { passphrase: 'created by a full token', privileges: ['list'] });
      secrets.push('created by a full token');
      expect(item.owner).toBe('alice');
    });
  });

  describe('batch modifications and delete', () => {
    let p1: string;
    let p2: string;
    let foreign: string;
    beforeAll(async () => {
      p1 = (await addPassphrase('pmod', 'first modifiable phrase', ['list', 'add'])).id;
      p2 = (await addPassphrase('pmod', 'second modifiable phrase', ['list'])).id;
      foreign = (await addPassphrase('bob', 'bobs own private phrase', ['list'])).id;
    });

    it.each<[string, () => CredentialModificationInput[], string]>([
      ['an unknown id', () => [{ id: p1, privileges: ['list'] }, { id: p2, remove: true }, { id: 'no-such-id', remove: true }], 'NOT_FOUND'],
      ['another account’s id', () => [{ id: p2, remove: true }, { id: p1, privileges: ['add'] }, { id: foreign, remove: true }], 'NOT_FOUND'],
      ['an unknown privilege', () => [{ id: p1, remove: true }, { id: p2, privileges: ['nope' as never] }], 'UNKNOWN_PRIVILEGE'],
    ])('changes nothing when the batch holds %s', async (_label, batch, code) => {
      const before = await snapshot();
      expect((await refusal(passphrases.applyModifications('pmod', batch()))).code).toBe(code);
      expect(await snapshot()).toEqual(before);
    });

    it('changes nothing when a later row grants what the owner lacks', async () => {
      accounts.register('pmod', ['list', 'add']);
      const before = await snapshot();
      const error = await refusal(passphrases.applyModifications('pmod', [{ id: p1, remove: true }, { id: p2, privileges: ['list', 'expire'] }]));
      expect(error.code).toBe('PRIVILEGE_NOT_HELD');
      expect(await snapshot()).toEqual(before);
      accounts.register('pmod');
    });

    it('applies a valid batch; a passphrase left without privileges is removed', async () => {
      const result = await passphrases.applyModifications('pmod', [
        { id: p1, privileges: [] },
        { id: p2, privileges: ['list', 'expire'] },
      ]);
      expect(result.removed).toEqual([p1]);
      expect(result.updated.map((p) => p.privileges)).toEqual([['list', 'expire']]);
      expect((await passphrases.list('pmod')).map((p) => p.id)).toEqual([p2]);
    });

    it('deletes the actor’s passphrase and treats other accounts’ as unknown', async () => {
      expect((await refusal(passphrases.delete('pmod', foreign))).code).toBe('NOT_FOUND');
      await passphrases.delete('pmod', p2);
      await expect(passphrases.list('pmod')).resolves.toEqual([]);
      await expect(passphrases.delete('pmod', p2)).rejects.toThrow('does not exist');
    });
  });

  describe('registration over HTTP', () => {
    it('trades the right passphrase for a key bound to the caller’s address, with the passphrase’s privileges', async () => {
      await addPassphrase('reg', 'register me please now', ['list', 'add']);
      const from = freshAddress();
      const res = await register(suite.http, from, { user: 'reg', pickup: 'register me please now', service: 'cpanel-licensing' }).then((r) => r);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ip: from, service: 'cpanel-licensing', item: { owner: 'reg', ip: from, privileges: ['list', 'add'] } });
      expect(res.body.key).toMatch(/^[0-9A-Z]{20}$/);
      await suite.http.get('/t/list-and-add').set('X-Forwarded-For', from).auth('reg', res.body.key).expect(200);
      await suite.http.get('/t/list').set('X-Forwarded-For', freshAddress()).auth('reg', res.body.key).expect(401);
      await suite.http.get(`/t/list?apikey=${res.body.key}`).set('X-Forwarded-For', from).expect(200);
    });

    it('replaces the earlier key for the same address and service, at once', async () => {
      await addPassphrase('reg', 'replace my key please', ['list']);
      const from = freshAddress();
      const first = await register(suite.http, from, { user: 'reg', pickup: 'replace my key please', service: 'svc' });
      await suite.http.get('/t/list').set('X-Forwarded-For', from).auth('reg', first.body.key).expect(200); // cached
      const second = await register(suite.http, from, { user: 'reg', pickup: 'replace my key please', service: 'svc' });
      expect(second.status).toBe(200);
      expect(second.body.key).not.toBe(first.body.key);
      await suite.http.get('/t/list').set('X-Forwarded-For', from).auth('reg', first.body.key).expect(401);
      await suite.http.get('/t/list').set('X-Forwarded-For', from).auth('reg', second.body.key).expect(200);
      const other = await register(suite.http, from, { user: 'reg', pickup: 'replace my key please', service: 'other-svc' });
      const mine = (await keys.list('reg')).filter((k) => k.ip === from);
      expect(mine.map((k) => k.service).sort()).toEqual(['other-svc', 'svc']);
      expect(mine.find((k) => k.service === 'other-svc')?.id).toBe(other.body.item.id);
    });

    it('gives a copy of the privileges: later passphrase changes leave issued keys alone', async () => {
      const item = await addPassphrase('reg', 'copy my privileges now', ['list', 'add']);
      const from = freshAddress();
      const res = await register(suite.http, from, { user: 'reg', pickup: 'copy my privileges now', service: 'copy' });
      await passphrases.applyModifications('reg', [{ id: item.id, privileges: ['list'] }]);
      await suite.http.get('/t/list-and-add').set('X-Forwarded-For', from).auth('reg', res.body.key).expect(200);
      await passphrases.delete('reg', item.id);
      await suite.http.get('/t/list').set('X-Forwarded-For', from).auth('reg', res.body.key).expect(200);
      const again = await register(suite.http, from, { user: 'reg', pickup: 'copy my privileges now', service: 'copy' });
      expect(again.status).toBe(403);
    });

    it('answers a wrong passphrase, an unknown user, a malformed user and a disabled account alike', async () => {
      accounts.register('soon-disabled');
      await addPassphrase('soon-disabled', 'disabled account phrase');
      accounts.disable('soon-disabled');
      const answers = new Set<string>();
      for (const [user, pickup] of [
        ['reg', 'not the right phrase at all'],
        ['nobody-here', 'register me please now'],
        ['bad name!', 'register me please now'],
        ['soon-disabled', 'disabled account phrase'],
      ] as const) {
        const res = await register(suite.http, freshAddress(), { user, pickup, service: 'svc' });
        expect(res.status).toBe(403);
        expect(res.body.error).toBe('REGISTRATION_FAILED');
        answers.add(JSON.stringify(res.body));
      }
      expect(answers.size).toBe(1);
    });

    it('costs exactly one scrypt, however many passphrases the user has and whether the user exists', async () => {
      for (let i = 0; i < 4; i++) await addPassphrase('many', `distinct phrase number ${i} for the counter`);
      const runs = async (body: Record<string, string>): Promise<[number, number]> => {
        const before = hasher.derivations;
        const res = await register(suite.http, freshAddress(), { service: 'count', ...body });
        return [res.status, hasher.derivations - before];
      };
      expect(await runs({ user: 'many', pickup: 'distinct phrase number 3 for the counter' })).toEqual([200, 1]);
      expect(await runs({ user: 'many', pickup: 'distinct phrase number 9 for the counter' })).toEqual([403, 1]);
      expect(await runs({ user: 'no-such-user', pickup: 'distinct phrase number 3 for the counter' })).toEqual([403, 1]);
    });

    it('refuses a missing user or passphrase and a bad service with a 400 naming the field', async () => {
      const missingUser = await register(suite.http, freshAddress(), { pickup: 'whatever phrase', service: 'svc' });
      expect([missingUser.status, missingUser.body.field]).toEqual([400, 'user']);
      const missingPickup = await register(suite.http, freshAddress(), { user: 'reg', service: 'svc' });
      expect([missingPickup.status, missingPickup.body.field]).toEqual([400, 'passphrase']);
      const badService = await register(suite.http, freshAddress(), { user: 'reg', pickup: 'whatever phrase', service: 'bad service' });
      expect([badService.status, badService.body.field]).toEqual([400, 'service']);
    });

    it('delays failures per address: 429 with Retry-After, growing, checked before any hashing', async () => {
      await addPassphrase('addrlimit', 'the address limit phrase');
      const from = freshAddress();
      // Two free failures, then the third one starts a 1-second delay.
      for (const user of ['ghost-1', 'ghost-2', 'ghost-3']) {
        expect((await register(suite.http, from, { user, pickup: 'some guess or other', service: 'svc' })).status).toBe(403);
      }
      const before = hasher.derivations;
      const limited = await register(suite.http, from, { user: 'addrlimit', pickup: 'the address limit phrase', service: 'svc' });
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('1');
      expect(limited.body).toMatchObject({ error: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 1 });
      expect(hasher.derivations).toBe(before); // refused before any scrypt
      // Another address is not affected.
      expect((await register(suite.http, freshAddress(), { user: 'addrlimit', pickup: 'the address limit phrase', service: 'svc' })).status).toBe(200);
      await sleep(1100);
      expect((await register(suite.http, from, { user: 'ghost-4', pickup: 'some guess or other', service: 'svc' })).status).toBe(403);
      const longer = await register(suite.http, from, { user: 'addrlimit', pickup: 'the address limit phrase', service: 'svc' });
      expect(longer.status).toBe(429);
      expect(longer.headers['retry-after']).toBe('2');
    });

    it('lets no stranger lock the owner out: guesses from one address never hold the user', async () => {
      await addPassphrase('victim', 'the victims real phrase');
      const stranger = freshAddress();
      for (let i = 0; i < 9; i++) {
        const res = await register(suite.http, stranger, { user: 'victim', pickup: `wrong guess number ${i}`, service: 'svc' });
        expect([403, 429]).toContain(res.status);
      }
      // The owner, from another address (never seen before), is checked and served.
      expect((await register(suite.http, freshAddress(), { user: 'victim', pickup: 'the victims real phrase', service: 'svc' })).status).toBe(200);
    });

    it('holds only unknown addresses once many addresses spent the user’s budget; the owner’s addresses go on', async () => {
      const mine = freshAddress();
      const named = freshAddress();
      await addPassphrase('besieged', 'the besieged owners phrase');
      secrets.push('a phrase naming its server');
      await passphrases.create('besieged', { passphrase: 'a phrase naming its server', privileges: ['list'], allowedIps: [named] });
      issuedKeys.push((await keys.create('besieged', { ip: mine, service: 'existing', privileges: ['list'] })).key);
      // Four strangers, one failure each: the user's budget (4 per window) is spent.
      for (let i = 0; i < 4; i++) {
        expect((await register(suite.http, freshAddress(), { user: 'besieged', pickup: `a distributed guess ${i}`, service: 'svc' })).status).toBe(403);
      }
      const before = hasher.derivations;
      const held = await register(suite.http, freshAddress(), { user: 'besieged', pickup: 'the besieged owners phrase', service: 'svc' });
      expect(held.status).toBe(429);
      expect(Number(held.headers['retry-after'])).toBeGreaterThan(3000);
      expect(hasher.derivations).toBe(before); // refused before any scrypt
      // Known addresses are still checked: a key's address, and a passphrase's named address.
      expect((await register(suite.http, mine, { user: 'besieged', pickup: 'the besieged owners phrase', service: 'svc' })).status).toBe(200);
      expect((await register(suite.http, named, { user: 'besieged', pickup: 'a phrase naming its server', service: 'svc' })).status).toBe(200);
      // Other users are not held.
      expect((await register(suite.http, freshAddress(), { user: 'victim', pickup: 'the victims real phrase', service: 'other' })).status).toBe(200);
    });

    it('counts IPv6 clients per /64', async () => {
      for (const host of ['1', '2', '3']) {
        expect((await register(suite.http, `2001:db8:7:7::${host}`, { user: `ghost-v6-${host}`, pickup: 'guess guess guess', service: 's' })).status).toBe(403);
      }
      expect((await register(suite.http, '2001:db8:7:7:ffff::99', { user: 'v6user', pickup: 'guess guess guess', service: 's' })).status).toBe(429);
      await addPassphrase('v6user', 'ipv6 neighbour phrase');
      const res = await register(suite.http, '2001:db8:7:8::1', { user: 'v6user', pickup: 'ipv6 neighbour phrase', service: 's' });
      expect(res.status).toBe(200);
      expect(res.body.ip).toBe('2001:db8:7:8::1');
    });
  });

  describe('bounded hashing under a flood', () => {
    const flood = useSiblingApp({ trustedProxies: ['127.0.0.1'], passphrases: { scrypt: { cost: 2 ** 15 }, concurrency: 1, maxQueue: 2 } });

    it('answers 503 BUSY with Retry-After beyond the queue, and keeps serving other requests', async () => {
      const agent = request(flood.app.getHttpServer());
      const attempts = Array.from({ length: 12 }, (_, i) =>
        agent.post('/t/register').set('X-Forwarded-For', `203.0.113.${i + 1}`).type('form').send({ user: `flood-${i}`, pickup: 'flooding guess', service: 's' }),
      );
      const probe = agent.get('/t/public');
      const [results, open] = await Promise.all([Promise.all(attempts), probe]);
      expect(open.status).toBe(200);
      const statuses = results.map((r) => r.status);
      expect(statuses.every((s) => s === 403 || s === 503)).toBe(true);
      const busy = results.filter((r) => r.status === 503);
      expect(busy.length).toBeGreaterThan(0);
      expect(busy[0]?.headers['retry-after']).toBe('1');
      expect(busy[0]?.body.error).toBe('BUSY');
      expect(statuses.filter((s) => s === 403).length).toBeGreaterThanOrEqual(1);
    });
  });

  describe('the per-user budget ends with its window', () => {
    const short = useSiblingApp({ trustedProxies: ['127.0.0.1'], passphrases: CHEAP, registrationAttempts: { freeFailures: 100, userFailures: 2, windowSeconds: 2 } });
    beforeAll(async () => {
      short.app.get<InMemoryAccountProvider>(TOKENS_ACCOUNT_PROVIDER).register('windowed');
      secrets.push('the windowed owners phrase');
      await short.app.get(PickupPassphrasesService).create('windowed', { passphrase: 'the windowed owners phrase', privileges: ['list'] });
    });

    it('is not extended by attempts while it holds, however often a stranger tries', async () => {
      const agent = request(short.app.getHttpServer());
      for (let i = 0; i < 2; i++) expect((await register(agent, freshAddress(), { user: 'windowed', pickup: `guess ${i} for the window`, service: 's' })).status).toBe(403);
      const started = Date.now();
      expect((await register(agent, freshAddress(), { user: 'windowed', pickup: 'the windowed owners phrase', service: 's' })).status).toBe(429);
      // A stranger keeps trying during the hold; the owner's turn comes when the window ends.
      let owner = 0;
      while (owner !== 200 && Date.now() - started < 20_000) {
        await register(agent, freshAddress(), { user: 'windowed', pickup: 'a stranger during the hold', service: 's' });
        await sleep(250);
        owner = (await register(agent, freshAddress(), { user: 'windowed', pickup: 'the windowed owners phrase', service: 's' })).status;
      }
      expect(owner).toBe(200);
    });
  });

  describe('owners before anonymous work, and a bounded share per address', () => {
    // No hold on refusals: the first 503 arrives the moment the anonymous queue is full.
    const lanes = useSiblingApp({ trustedProxies: ['127.0.0.1'], passphrases: { scrypt: { cost: 2 ** 15 }, concurrency: 1, maxQueue: 4, maxPerAddress: 1, throttledHoldMs: 0 } });
    beforeAll(async () => {
      lanes.app.get<InMemoryAccountProvider>(TOKENS_ACCOUNT_PROVIDER).register('laneowner');
    });

    it('serves the owner’s passphrase creation while registrations from 40 addresses fill the queue', async () => {
      const agent = request(lanes.app.getHttpServer());
      let full!: () => void;
      const queueFull = new Promise<void>((resolve) => (full = resolve));
      const flood = Array.from({ length: 40 }, (_, i) =>
        agent
          .post('/t/register')
          .set('X-Forwarded-For', `203.0.114.${i + 1}`)
          .type('form')
          .send({ user: `lane-flood-${i}`, pickup: 'a flooding guess', service: 's' })
          .then((res) => {
            if (res.status === 503) full();
            return res;
          }),
      );
      const floodDone = Promise.all(flood);
      await queueFull; // the anonymous queue is full: later arrivals are refused
      const owner = lanes.app.get(PickupPassphrasesService);
      for (let i = 0; i < 5; i++) {
        secrets.push(`owner lane passphrase ${i}`);
        await expect(owner.create('laneowner', { passphrase: `owner lane passphrase ${i}`, privileges: ['list'] })).resolves.toBeDefined();
      }
      const statuses = (await floodDone).map((r) => r.status);
      expect(statuses.every((s) => s === 403 || s === 503)).toBe(true);
    });

    it('lets one address (IPv6: one /64) hold one check at a time', async () => {
      const agent = request(lanes.app.getHttpServer());
      const from = (ip: string) => agent.post('/t/register').set('X-Forwarded-For', ip).type('form').send({ user: 'laneowner', pickup: 'a share guess', service: 's' });
      for (const hosts of [['198.51.100.200', '198.51.100.200', '198.51.100.200'], ['2001:db8:9:9::1', '2001:db8:9:9::2', '2001:db8:9:9:ffff::3']]) {
        const results = await Promise.all(hosts.map(from));
        const statuses = results.map((r) => r.status).sort();
        expect(statuses).toEqual([403, 503, 503]);
        expect(results.find((r) => r.status === 503)?.body.error).toBe('BUSY');
      }
    });
  });

  describe('with the real default scrypt parameters (N=2^17, r=8, p=1)', () => {
    const strong = useSiblingApp({ trustedProxies: ['127.0.0.1'] });

    it('hashes new passphrases with them and registers with right and wrong passphrases', async () => {
      accounts = strong.app.get(TOKENS_ACCOUNT_PROVIDER);
      accounts.register('strong');
      accounts.register('olduser');
      const service = strong.app.get(PickupPassphrasesService);
      secrets.push('a properly strong phrase');
      const item = await service.create('strong', { passphrase: 'a properly strong phrase', privileges: ['list'] });
      const rows = (await ds.query(`SELECT params FROM pickup_passphrases WHERE id = '${item.id}'`)) as Array<{ params: string }>;
      expect(rows[0]?.params).toBe('scrypt-v1:N=131072,r=8,p=1');
      const agent = request(strong.app.getHttpServer());
      const started = Date.now();
      const ok = await register(agent, freshAddress(), { user: 'strong', pickup: 'a properly strong phrase', service: 'real' });
      const took = Date.now() - started;
      expect(ok.status).toBe(200);
      expect(took).toBeGreaterThan(50); // a memory-hard hash ran
      const wrong = await register(agent, freshAddress(), { user: 'strong', pickup: 'a properly wrong phrase', service: 'real' });
      expect(wrong.status).toBe(403);
      const unknown = await register(agent, freshAddress(), { user: 'strong-nobody', pickup: 'a properly strong phrase', service: 'real' });
      expect(unknown.body).toEqual(wrong.body);
    });

    it('still finds passphrases hashed under earlier parameters', async () => {
      // Created by the cheap-parameter app on the same database.
      await addPassphrase('olduser', 'made under old parameters');
      const res = await register(request(strong.app.getHttpServer()), freshAddress(), { user: 'olduser', pickup: 'made under old parameters', service: 'old' });
      expect(res.status).toBe(200);
    });
  });

  it('stores no passphrase and no key in plain text in any table', async () => {
    expect(secrets.length).toBeGreaterThan(20);
    const dump = await dumpAllTables(ds);
    expect(dump).toContain('pickup_passphrases');
    expect(dump).toContain('authorization_keys');
    for (const secret of secrets) {
      for (const form of [secret, secret.toUpperCase(), secret.toLowerCase(), Buffer.from(secret).toString('hex'), Buffer.from(secret).toString('base64')]) {
        expect(dump).not.toContain(form);
      }
    }
  });
});
