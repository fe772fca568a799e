// Telling the owner why: a refused credential gets the one uniform 401, while its owner reads
// the recent refusals of each token and key — reason and address — from the audit log, and never
// those of someone else's credential. And the maximum lifetime policy (`maxLifetimeDays`).
import { setTimeout as sleep } from 'node:timers/promises';
import { jest } from '@jest/globals';
import type request from 'supertest';
import { DataSource } from 'typeorm';
import {
  ApiTokensService,
  AuditLogService,
  AuthorizationKeysService,
  REFUSAL_REASONS,
  TOKENS_ACCOUNT_PROVIDER,
  type InMemoryAccountProvider,
} from 'nestjs-api-tokens';
import { DB_KINDS } from '../support/databases.js';
import { useTokenTestApp } from './support/token-test-app.js';
import { refusal } from './support/refusal.js';

jest.setTimeout(60_000);

const DAY = 86_400_000;

describe.each(DB_KINDS)('refusals for the owner on %s', (kind) => {
  const suite = useTokenTestApp(kind, { accounts: ['alice', 'bob', 'carol'], tokens: { trustedProxies: ['127.0.0.1'], failureLimit: false, cache: { max: 0 } } });
  let tokens: ApiTokensService;
  let keys: AuthorizationKeysService;
  let audit: AuditLogService;
  let accounts: InMemoryAccountProvider;

  const use = (user: string, token: string, ip: string): Promise<request.Response> =>
    suite.http.get('/t/list').set('X-Forwarded-For', ip).set('Authorization', `cpanel ${user}:${token}`).then((r) => r);

  beforeAll(() => {
    tokens = suite.app.get(ApiTokensService);
    keys = suite.app.get(AuthorizationKeysService);
    audit = suite.app.get(AuditLogService);
    accounts = suite.app.get<InMemoryAccountProvider>(TOKENS_ACCOUNT_PROVIDER);
  });

  it('records why each use of a token was refused, with the address, newest first; the caller sees one 401', async () => {
    const { token } = await tokens.create('alice', { name: 'watched', privileges: ['list'], allowedIps: ['198.51.100.0/24'] });
    const bodies: unknown[] = [];
    // Address not allowed.
    let res = await use('alice', token, '203.0.113.1');
    bodies.push([res.status, res.body]);
    // Presented under another user name.
    res = await use('bob', token, '198.51.100.2');
    bodies.push([res.status, res.body]);
    // Works.
    expect((await use('alice', token, '198.51.100.3')).status).toBe(200);
    // Owner disabled.
    const { token: carols } = await tokens.create('carol', { name: 'carols', privileges: ['list'] });
    accounts.disable('carol');
    res = await use('carol', carols, '198.51.100.4');
    bodies.push([res.status, res.body]);
    // Every refusal looks the same to the caller.
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect((bodies[0] as [number])[0]).toBe(401);

    await audit.flush();
    const refusals = await tokens.recentRefusals('alice', 'watched');
    expect(refusals.map((r) => [r.reason, r.ip])).toEqual([
      ['wrong-user', '198.51.100.2'],
      ['address-not-allowed', '203.0.113.1'],
    ]);
    expect(refusals[0]!.at).toBeInstanceOf(Date);
    expect(refusals[0]!.at.getTime()).toBeGreaterThanOrEqual(refusals[1]!.at.getTime());
    expect((await tokens.recentRefusals('carol', 'carols')).map((r) => r.reason)).toEqual(['owner-disabled']);
  });

  it('records expired refusals', async () => {
    const { token } = await tokens.create('alice', { name: 'short-lived', privileges: ['list'], expiresAt: new Date(Date.now() + 1000) });
    await sleep(1100);
    expect((await use('alice', token, '198.51.100.9')).status).toBe(401);
    await audit.flush();
    expect(await tokens.recentRefusals('alice', 'short-lived')).toEqual([{ at: expect.any(Date), reason: 'expired', ip: '198.51.100.9' }]);
  });

  it('never shows a refusal of someone else’s credential, and bounds the list', async () => {
    const { token } = await tokens.create('bob', { name: 'bobs', privileges: ['list'], allowedIps: ['192.0.2.1'] });
    for (let i = 0; i < 5; i++) await use('bob', token, `203.0.113.${10 + i}`);
    await audit.flush();
    expect(await tokens.recentRefusals('bob', 'bobs')).toHaveLength(5);
    expect(await tokens.recentRefusals('bob', 'bobs', 2)).toHaveLength(2);
    // Alice has no token of that name: a 404, whether or not someone else has one.
    expect((await refusal(tokens.recentRefusals('alice', 'bobs'))).getStatus()).toBe(404);
    expect((await refusal(tokens.recentRefusals('alice', 'no-such'))).getStatus()).toBe(404);
  });

  it('shows the refusals of a key, and accepts the rate-limited reason', async () => {
    const { key, item } = await keys.create('alice', { ip: '192.0.2.44', service: 'watched-key', privileges: ['list'] });
    expect((await suite.http.get('/t/list').auth('alice', key)).status).toBe(401); // from 127.0.0.1
    // A per-credential rate limiter records its refusals the same way.
    await audit.record({ action: 'auth.authenticate', outcome: 'failure', credential: { kind: 'authorization-key', id: item.id }, ip: '192.0.2.44', details: { code: 'rate-limited' } });
    await audit.flush();
    expect((await keys.recentRefusals('alice', item.id)).map((r) => [r.reason, r.ip])).toEqual([
      ['rate-limited', '192.0.2.44'],
      ['address-not-allowed', '127.0.0.1'],
    ]);
    expect((await refusal(keys.recentRefusals('bob', item.id))).getStatus()).toBe(404);
    expect(REFUSAL_REASONS).toContain('rate-limited');
  });
});

describe.each(DB_KINDS)('maxLifetimeDays on %s', (kind) => {
  const suite = useTokenTestApp(kind, { tokens: { maxLifetimeDays: 30, defaultLifetimeDays: 365 } });
  let tokens: ApiTokensService;
  let ds: DataSource;

  beforeAll(() => {
    tokens = suite.app.get(ApiTokensService);
    ds = suite.app.get(DataSource);
  });

  const count = async (): Promise<number> => Number(((await ds.query('SELECT COUNT(*) AS n FROM api_tokens')) as { n: number | string }[])[0]!.n);

  it('refuses a token that never expires or expires too late, naming expiresAt, and creates nothing', async () => {
    const before = await count();
    for (const expiresAt of [undefined, null, new Date(Date.now() + 31 * DAY)]) {
      const error = await refusal(tokens.create('alice', { name: 'too-long', expiresAt }));
      expect(error.getStatus()).toBe(400);
      expect(error.field).toBe('expiresAt');
      expect(error.message).toMatch(/30 days/);
    }
    expect(await count()).toBe(before);
  });

  it('accepts an expiry within the limit and cuts the default lifetime to it', async () => {
    const within = new Date(Date.now() + 29 * DAY);
    expect((await tokens.create('alice', { name: 'fine', expiresAt: within })).item.expiresAt?.getTime()).toBe(within.getTime());
    const cut = (await tokens.create('alice', { name: 'defaulted', expiresAt: 'default' })).item.expiresAt!.getTime();
    expect(cut).toBeLessThanOrEqual(Date.now() + 30 * DAY);
    expect(cut).toBeGreaterThan(Date.now() + 29 * DAY);
  });

  it('refuses an update to a later expiry or to none, and a roll of a token beyond the limit', async () => {
    await tokens.create('alice', { name: 'kept', expiresAt: new Date(Date.now() + 10 * DAY) });
    for (const expiresAt of [null, new Date(Date.now() + 40 * DAY)]) {
      const error = await refusal(tokens.update('alice', 'kept', { expiresAt }));
      expect([error.getStatus(), error.field]).toEqual([400, 'expiresAt']);
    }
    // Renaming does not touch the expiry: allowed.
    await tokens.update('alice', 'kept', { newName: 'kept-renamed' });
    // A token from before the policy (no expiry) cannot be rolled until its expiry is set.
    await ds.query("UPDATE api_tokens SET expires_at = NULL WHERE name = 'kept-renamed'");
    const error = await refusal(tokens.roll('alice', 'kept-renamed', { graceSeconds: 0 }));
    expect([error.getStatus(), error.field]).toEqual([400, 'expiresAt']);
    await tokens.update('alice', 'kept-renamed', { expiresAt: new Date(Date.now() + 5 * DAY) });
    await expect(tokens.roll('alice', 'kept-renamed', { graceSeconds: 0 })).resolves.toMatchObject({ item: { name: 'kept-renamed' } });
  });
});
