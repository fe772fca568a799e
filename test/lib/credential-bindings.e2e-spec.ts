// No escalation of bindings: whatever a credential creates — a token, an authorization key, a
// pickup passphrase and the keys registered with it — is at most as bound as itself: usable
// from no address it is not, and not after it expires. Ranges wider than an IPv4 /8 or an IPv6
// /32 need the owner's explicit opt-in. Trusted server-side callers (a user name) are the owner
// and unbound. On SQLite, PostgreSQL and MariaDB.
import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  ApiTokensService,
  AuthorizationKeysService,
  PickupPassphrasesService,
  TokensError,
  type Principal,
} from 'nestjs-api-tokens';
import { DB_KINDS } from '../support/databases.js';
import { TEST_PRIVILEGES, useTokenTestApp } from './support/token-test-app.js';
import { aliceCpanel as cpanel, AT_HOME, ELSEWHERE, HOME, XFF } from './support/headers.js';
import { refusal } from './support/refusal.js';

jest.setTimeout(60_000);

describe.each(DB_KINDS)('credential bindings on %s', (kind) => {
  const suite = useTokenTestApp(kind, {
    tokens: {
      trustedProxies: ['127.0.0.1'],
      privileges: [...TEST_PRIVILEGES, { id: 'authkeys', label: 'Manage Authkeys' }],
      manageKeysPrivilege: 'authkeys',
      passphrases: { scrypt: { cost: 1024 } },
      failureLimit: false,
    },
  });
  let tokens: ApiTokensService;
  let keys: AuthorizationKeysService;
  let passphrases: PickupPassphrasesService;
  let ds: DataSource;

  /** The Principal the guard builds for a credential used from `ip` (the body of GET /t/limited-whoami). */
  const principal = async (auth: [string, string] | { key: string }, ip: string): Promise<Principal> => {
    const req = suite.http.get('/t/limited-whoami').set(XFF, ip);
    const res = await ('key' in auth ? req.auth('alice', auth.key) : req.set(...auth)).expect(200);
    return res.body as Principal;
  };
  const works = async (auth: [string, string] | { key: string }, ip: string): Promise<boolean> => {
    const req = suite.http.get('/t/list').set(XFF, ip);
    const res = await ('key' in auth ? req.auth('alice', auth.key) : req.set(...auth));
    expect([200, 401]).toContain(res.status);
    return res.status === 200;
  };
  const counts = async (): Promise<number[]> =>
    Promise.all(['api_tokens', 'authorization_keys', 'pickup_passphrases'].map(async (t) => Number((await ds.query(`SELECT COUNT(*) AS n FROM ${t}`))[0].n)));

  beforeAll(() => {
    tokens = suite.app.get(ApiTokensService);
    keys = suite.app.get(AuthorizationKeysService);
    passphrases = suite.app.get(PickupPassphrasesService);
    ds = suite.app.get(DataSource);
  });

  describe('a token restricted to addresses, holding the management privileges', () => {
    let me: Principal;

    beforeAll(async () => {
      const { token } = await tokens.create('alice', { name: 'home-manager', allowedIps: [HOME] });
      me = await principal(cpanel(token), AT_HOME);
    });

    it('creates tokens within its allowlist only: none given means its own', async () => {
      const inherited = await tokens.create(me, { name: 'child-inherits' });
      expect(inherited.item.allowedIps).toEqual([HOME]);
      expect(await works(cpanel(inherited.token), AT_HOME)).toBe(true);
      expect(await works(cpanel(inherited.token), ELSEWHERE)).toBe(false);
      const empty = await tokens.create(me, { name: 'child-empty-list', allowedIps: [] });
      expect(empty.item.allowedIps).toEqual([HOME]);
      const narrower = await tokens.create(me, { name: 'child-narrower', allowedIps: [AT_HOME] });
      expect(narrower.item.allowedIps).toEqual([AT_HOME]);
    });

    it('refuses a token usable from anywhere else, naming the field, and stores nothing', async () => {
      const before = await counts();
      for (const allowedIps of [[ELSEWHERE], ['198.51.0.0/16'], [AT_HOME, ELSEWHERE], ['2001:db8::1']]) {
        const error = await refusal(tokens.create(me, { name: 'child-loose', allowedIps }));
        expect([error.code, error.field, error.getStatus()]).toEqual(['BINDING_EXCEEDED', 'allowedIps', 403]);
      }
      expect(await counts()).toEqual(before);
    });

    it('creates keys for its addresses only, and never for 0.0.0.0/0', async () => {
      const inside = await keys.create(me, { ip: '198.51.100.9', service: 'inside', privileges: ['list'] });
      expect(await works({ key: inside.key }, '198.51.100.9')).toBe(true);
      const before = await counts();
      const outside = await refusal(keys.create(me, { ip: ELSEWHERE, service: 'outside', privileges: ['list'] }));
      expect([outside.code, outside.field]).toEqual(['BINDING_EXCEEDED', 'ip']);
      const anywhere = await refusal(keys.create(me, { ip: '0.0.0.0/0', service: 'anywhere', privileges: ['list'] }));
      expect([anywhere.code, anywhere.field, anywhere.getStatus()]).toEqual(['WIDE_RANGE', 'ip', 400]);
      const optedIn = await refusal(keys.create(me, { ip: '0.0.0.0/0', service: 'anywhere', privileges: ['list'], allowWideRanges: true }));
      expect([optedIn.code, optedIn.field]).toEqual(['BINDING_EXCEEDED', 'ip']);
      expect(await counts()).toEqual(before);
    });

    it('creates passphrases registrable from its addresses only, and their keys land there', async () => {
      const phrase = 'a bound pickup phrase for home';
      const created = await passphrases.create(me, { passphrase: phrase, privileges: ['list'] });
      expect(created.allowedIps).toEqual([HOME]);
      const refused = await suite.http.post('/t/register').set(XFF, ELSEWHERE).type('form').send({ user: 'alice', pickup: phrase, service: 'reg-away' });
      expect([refused.status, refused.body.error]).toEqual([403, 'REGISTRATION_FAILED']);
      const registered = await suite.http.post('/t/register').set(XFF, '198.51.100.77').type('form').send({ user: 'alice', pickup: phrase, service: 'reg-home' }).expect(200);
      expect(registered.body.ip).toBe('198.51.100.77');
      expect(await works({ key: registered.body.key as string }, '198.51.100.77')).toBe(true);
      const error = await refusal(passphrases.create(me, { passphrase: 'an unbound pickup phrase', privileges: ['list'], allowedIps: [ELSEWHERE] }));
      expect([error.code, error.field]).toEqual(['BINDING_EXCEEDED', 'allowedIps']);
    });
  });

  describe('a key bound to one address, holding the management privileges', () => {
    let me: Principal;

    beforeAll(async () => {
      const { key } = await keys.create('alice', { ip: AT_HOME, service: 'one-ip-manager', privileges: ['list', 'authkeys', 'apitokens'] });
      me = await principal({ key }, AT_HOME);
    });

    it('creates a token usable from its address only', async () => {
      const { token, item } = await tokens.create(me, { name: 'from-one-ip', privileges: ['list'] });
      expect(item.allowedIps).toEqual([AT_HOME]);
      expect(await works(cpanel(token), AT_HOME)).toBe(true);
      expect(await works(cpanel(token), '198.51.100.8')).toBe(false);
      const error = await refusal(tokens.create(me, { name: 'from-one-ip-wider', privileges: ['list'], allowedIps: [HOME] }));
      expect([error.code, error.field]).toEqual(['BINDING_EXCEEDED', 'allowedIps']);
    });

    it('creates keys for its own address only', async () => {
      await expect(keys.create(me, { ip: AT_HOME, service: 'same-ip', privileges: ['list'] })).resolves.toBeDefined();
      for (const ip of ['0.0.0.0/0', HOME, '198.51.100.8']) {
        const error = await refusal(keys.create(me, { ip, service: 'other-ip', privileges: ['list'], allowWideRanges: true }));
        expect([error.code, error.field]).toEqual(['BINDING_EXCEEDED', 'ip']);
      }
    });

    it('grants privileges only to keys within its binding', async () => {
      const local = await keys.create('alice', { ip: AT_HOME, service: 'local-target', privileges: ['add'] });
      const remote = await keys.create('alice', { ip: ELSEWHERE, service: 'remote-target', privileges: ['add', 'list'] });
      const refused = await refusal(keys.applyModifications(me, [{ id: remote.item.id, privileges: ['add', 'list', 'authkeys'] }]));
      expect([refused.code, refused.field]).toEqual(['BINDING_EXCEEDED', 'modifications[0].privileges']);
      // Taking privileges away is never a grant.
      await expect(keys.applyModifications(me, [{ id: remote.item.id, privileges: ['add'] }])).resolves.toBeDefined();
      const granted = await keys.applyModifications(me, [{ id: local.item.id, privileges: ['add', 'list'] }]);
      expect(granted.updated[0]?.privileges).toEqual(['list', 'add']);
    });
  });

  describe('expiry: nothing outlives the credential that made it', () => {
    const creatorExpiry = '2099-01-01';
    let me: Principal;
    let creatorExpiresAt: Date;

    beforeAll(async () => {
      const { token, item } = await tokens.create('alice', { name: 'expiring-manager', expiresAt: creatorExpiry });
      creatorExpiresAt = item.expiresAt as Date;
      me = await principal(cpanel(token), AT_HOME);
    });

    it('gives what it creates its own expiry when none is chosen, or when the default is later', async () => {
      expect((await tokens.create(me, { name: 'exp-none' })).item.expiresAt).toEqual(creatorExpiresAt);
      expect((await tokens.create(me, { name: 'exp-null', expiresAt: null })).item.expiresAt).toEqual(creatorExpiresAt);
      const byDefault = (await tokens.create(me, { name: 'exp-default', expiresAt: 'default' })).item.expiresAt as Date;
      expect(byDefault.getTime()).toBeLessThanOrEqual(creatorExpiresAt.getTime());
      expect((await keys.create(me, { ip: AT_HOME, service: 'exp-key', privileges: ['list'] })).item.expiresAt).toEqual(creatorExpiresAt);
      expect((await passphrases.create(me, { passphrase: 'an expiring pickup phrase', privileges: ['list'] })).expiresAt).toEqual(creatorExpiresAt);
      expect((await tokens.create(me, { name: 'exp-earlier', expiresAt: '2098-06-30' })).item.expiresAt?.getTime()).toBeLessThan(creatorExpiresAt.getTime());
    });

    it('refuses a later expiry, naming the field', async () => {
      const before = await counts();
      const token = await refusal(tokens.create(me, { name: 'exp-later', expiresAt: '2099-01-02' }));
      expect([token.code, token.field, token.getStatus()]).toEqual(['BINDING_EXCEEDED', 'expiresAt', 403]);
      const key = await refusal(keys.create(me, { ip: AT_HOME, service: 'exp-later', privileges: ['list'], expiresAt: '2100-01-01' }));
      expect([key.code, key.field]).toEqual(['BINDING_EXCEEDED', 'expiresAt']);
      const phrase = await refusal(passphrases.create(me, { passphrase: 'a later pickup phrase', privileges: ['list'], expiresAt: '2100-01-01' }));
      expect([phrase.code, phrase.field]).toEqual(['BINDING_EXCEEDED', 'expiresAt']);
      expect(await counts()).toEqual(before);
    });

    it('stops what it created when it expires itself', async () => {
      const soon = Math.floor(Date.now() / 1000) + 2;
      const { token: creator } = await tokens.create('alice', { name: 'short-lived', expiresAt: soon });
      const short = await principal(cpanel(creator), AT_HOME);
      const child = await tokens.create(short, { name: 'short-child' });
      const key = await keys.create(short, { ip: AT_HOME, service: 'short-key', privileges: ['list'] });
      const phrase = 'a short-lived pickup phrase';
      await passphrases.create(short, { passphrase: phrase, privileges: ['list'] });
      const registered = await suite.http.post('/t/register').set(XFF, '198.51.100.90').type('form').send({ user: 'alice', pickup: phrase, service: 'short-reg' }).expect(200);
      expect(new Date(registered.body.item.expiresAt as string).getTime()).toBe(soon * 1000);
      expect(await works(cpanel(child.token), AT_HOME)).toBe(true);
      await new Promise((r) => setTimeout(r, Math.max(0, soon * 1000 - Date.now()) + 300));
      expect(await works(cpanel(child.token), AT_HOME)).toBe(false);
      expect(await works({ key: key.key }, AT_HOME)).toBe(false);
      expect(await works({ key: registered.body.key as string }, '198.51.100.90')).toBe(false);
      const late = await suite.http.post('/t/register').set(XFF, '198.51.100.91').type('form').send({ user: 'alice', pickup: phrase, service: 'late-reg' });
      expect([late.status, late.body.error]).toEqual([403, 'REGISTRATION_FAILED']);
    });
  });

  describe('wide ranges need the owner’s explicit opt-in', () => {
    it.each([
      ['0.0.0.0/0', true],
      ['0.0.0.0/7', true],
      ['10.0.0.0/8', false],
      ['::/0', true],
      ['2001:db8::/31', true],
      ['2001:db8::/32', false],
      ['::ffff:0.0.0.0/96', true],
    ])('%s (wide: %s)', async (range, wide) => {
      const service = `wide-${range.replace(/[^0-9a-f]/g, '')}`;
      if (!wide) {
        await expect(keys.create('alice', { ip: range, service, privileges: ['list'] })).resolves.toBeDefined();
        return;
      }
      const key = await refusal(keys.create('alice', { ip: range, service, privileges: ['list'] }));
      expect([key.code, key.field]).toEqual(['WIDE_RANGE', 'ip']);
      const token = await refusal(tokens.create('alice', { name: `${service}-t`.slice(0, 50), allowedIps: [range] }));
      expect([token.code, token.field]).toEqual(['WIDE_RANGE', 'allowedIps']);
      const phrase = await refusal(passphrases.create('alice', { passphrase: `a wide pickup phrase ${range}`, privileges: ['list'], allowedIps: [range] }));
      expect([phrase.code, phrase.field]).toEqual(['WIDE_RANGE', 'allowedIps']);
      await expect(keys.create('alice', { ip: range, service, privileges: ['list'], allowWideRanges: true })).resolves.toBeDefined();
    });

    it('refuses an opt-in that is not a boolean', async () => {
      const error = await refusal(keys.create('alice', { ip: '0.0.0.0/0', service: 'wide-string', privileges: ['list'], allowWideRanges: 'yes' as never }));
      expect([error.code, error.field]).toEqual(['INVALID_ARGUMENT', 'allowWideRanges']);
    });

    it('lets an unbound full-access token opt in, as the owner would', async () => {
      const { token } = await tokens.create('alice', { name: 'unbound-full' });
      const me = await principal(cpanel(token), ELSEWHERE);
      const { item } = await keys.create(me, { ip: '0.0.0.0/0', service: 'owner-wide', privileges: ['list'], allowWideRanges: true });
      expect(item.ip).toBe('0.0.0.0/0');
      const child = await tokens.create(me, { name: 'unbound-child' });
      expect(child.item.allowedIps).toEqual([]);
      expect(child.item.expiresAt).toBeNull();
    });
  });

  it('refuses a credential revoked after it was authenticated', async () => {
    const { token } = await tokens.create('alice', { name: 'soon-revoked' });
    const me = await principal(cpanel(token), AT_HOME);
    await tokens.revoke('alice', ['soon-revoked']);
    const error = await refusal(tokens.create(me, { name: 'after-revoke' }));
    expect([error.code, error.getStatus()]).toEqual(['CREDENTIAL_GONE', 403]);
  });
});
