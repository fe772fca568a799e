// The demo's face of rotation, lifecycle events, refusals for the owner and the maximum lifetime:
// POST /api/tokens/{name}/roll and /api/authkeys/{id}/roll answer the new secret once and when the
// old one stops; GET /api/tokens/{name} and /api/authkeys/{id}/refusals tell the owner why a
// credential was refused (the caller keeps one 401); the events land in the audit log; the CLI
// rolls, and runs the expiry scan by hand (`events scan`: what is due, announced once);
// TOKENS_MAX_LIFETIME_DAYS refuses tokens that live too long.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { AuditLogService } from 'nestjs-api-tokens';
import { createAppHarness, DEMO_RUNS, HARNESS_SECRET, type AppHarness, type HarnessLogin } from './support/app-harness.js';
import { cli, type CliResult } from './support/cli.js';

jest.setTimeout(60_000);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(DEMO_RUNS)('rolling, refusals and events over REST, $name', ({ db, platform }) => {
  let h: AppHarness;
  let alice: HarnessLogin;

  beforeAll(async () => {
    h = await createAppHarness({ db, platform, trustedProxies: ['127.0.0.1'], env: { AUTH_FAILURE_LIMIT: '0' } });
    alice = await h.login('alice');
  });

  afterAll(async () => {
    await h?.close();
  });

  const me = (token: string, ip = '198.51.100.7'): Promise<number> =>
    h.http.get('/api/me').set('X-Forwarded-For', ip).set(...h.authHeader('alice', token)).then((r) => r.status);
  const audit = async (action: string): Promise<Array<{ target: string | null; actor: string | null; details: Record<string, unknown> }>> => {
    await h.app.get(AuditLogService).flush();
    return (await h.http.get(`/api/audit?action=${encodeURIComponent(action)}&pageSize=100`).set(...alice.auth).expect(200)).body.items;
  };

  it('rolls a token: the new token once, previousValidUntil, both working through the grace; events in the audit log', async () => {
    const old = await h.mintToken('alice', ['list'], { name: 'rest-roll' });
    const before = Date.now();
    const res = await h.http.post('/api/tokens/rest-roll/roll').set(...alice.auth).send({ graceSeconds: 60 }).expect(200);
    expect(res.body.token).toMatch(/^[0-9A-Z]{32}$/);
    expect(res.body.item).toMatchObject({ name: 'rest-roll', privileges: ['list'] });
    const until = Date.parse(res.body.previousValidUntil);
    expect(until).toBeGreaterThanOrEqual(before + 60_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(await me(old)).toBe(200);
    expect(await me(res.body.token)).toBe(200);
    // The new secret is shown once: nowhere in the token's view or list.
    const view = await h.http.get('/api/tokens/rest-roll').set(...alice.auth).expect(200);
    expect(JSON.stringify(view.body)).not.toContain(res.body.token);
    expect((await audit('token.roll')).some((e) => e.target === 'rest-roll')).toBe(true);
    expect(await audit('event.credential.rolled')).toEqual(
      expect.arrayContaining([expect.objectContaining({ actor: 'alice', target: 'rest-roll', details: expect.objectContaining({ previousValidUntil: res.body.previousValidUntil }) })]),
    );
  });

  it('grace 0 stops the old token at once; the owner sees why it was refused, the caller one 401', async () => {
    const old = await h.mintToken('alice', ['list'], { name: 'rest-zero' });
    const res = await h.http.post('/api/tokens/rest-zero/roll').set(...alice.auth).send({ graceSeconds: 0 }).expect(200);
    const refused = await h.http.get('/api/me').set('X-Forwarded-For', '203.0.113.77').set(...h.authHeader('alice', old));
    const invented = await h.http.get('/api/me').set('X-Forwarded-For', '203.0.113.77').set(...h.authHeader('alice', 'ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ'));
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(invented.body);
    expect(await me(res.body.token)).toBe(200);
    await h.app.get(AuditLogService).flush();
    const view = await h.http.get('/api/tokens/rest-zero').set(...alice.auth).expect(200);
    expect(view.body.recentRefusals).toEqual([{ at: expect.any(String), reason: 'rolled', ip: '203.0.113.77' }]);
  });

  it('refuses a grace over the cap or not a whole number, naming graceSeconds, and a roll by a limited token', async () => {
    await h.mintToken('alice', ['list'], { name: 'rest-cap' });
    for (const graceSeconds of [7 * 86_400 + 1, -1, 'soon', 1.5]) {
      const res = await h.http.post('/api/tokens/rest-cap/roll').set(...alice.auth).send({ graceSeconds }).expect(400);
      expect(JSON.stringify(res.body)).toContain('graceSeconds');
    }
    await h.http.post('/api/tokens/no-such/roll').set(...alice.auth).send({ graceSeconds: 0 }).expect(404);
    const limited = await h.mintToken('alice', ['apitokens', 'list'], { name: 'rest-limited' });
    await h.mintToken('alice', undefined, { name: 'rest-full' });
    await h.http.post('/api/tokens/rest-full/roll').set(...h.authHeader('alice', limited)).send({ graceSeconds: 0 }).expect(403);
    const reader = await h.mintToken('alice', ['list'], { name: 'rest-reader' });
    await h.http.post('/api/tokens/rest-cap/roll').set(...h.authHeader('alice', reader)).send({}).expect(403);
  });

  it('rolls an authorization key and lists its refusals', async () => {
    const created = await h.http.post('/api/authkeys').set(...alice.auth).send({ ip: '192.0.2.50', service: 'rest-key', privileges: ['list'] }).expect(201);
    const id = created.body.item.id as string;
    // Used from an address it is not bound to: refused, and recorded for the owner.
    await h.http.get(`/api/me?apikey=${created.body.key as string}`).expect(401);
    const rolled = await h.http.post(`/api/authkeys/${id}/roll`).set(...alice.auth).send({ graceSeconds: 30 }).expect(200);
    expect(rolled.body.key).toMatch(/^[0-9A-Z]{20}$/);
    expect(rolled.body.item).toMatchObject({ id, ip: '192.0.2.50', service: 'rest-key' });
    expect(typeof rolled.body.previousValidUntil).toBe('string');
    await h.app.get(AuditLogService).flush();
    const refusals = await h.http.get(`/api/authkeys/${id}/refusals`).set(...alice.auth).expect(200);
    expect(refusals.body).toEqual([{ at: expect.any(String), reason: 'address-not-allowed', ip: '127.0.0.1' }]);
    // Another account never sees them.
    const bob = await h.login('bob');
    await h.http.get(`/api/authkeys/${id}/refusals`).set(...bob.auth).expect(404);
    await h.http.post(`/api/authkeys/${id}/roll`).set(...bob.auth).send({}).expect(404);
    expect((await audit('event.authorization-key.registered')).some((e) => e.target === id)).toBe(true);
  });
});

describe.each(DEMO_RUNS.filter((r) => r.db === 'sqlite'))('TOKENS_MAX_LIFETIME_DAYS and the CLI, $name', ({ platform }) => {
  let h: AppHarness;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'panel-data-'));
    h = await createAppHarness({ platform, env: { TOKENS_MAX_LIFETIME_DAYS: '30', DATA_DIR: dataDir, TOKENS_EVENTS_SCAN_SECONDS: '1' } });
  });

  afterAll(async () => {
    await h?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses tokens that never expire or outlive the maximum, naming expiresAt', async () => {
    const admin = await h.login('admin', undefined, { expiresAt: new Date(Date.now() + 86_400_000) });
    // A token from before the policy, without an expiry: what it creates is bound by the policy alone.
    await h.dataSource.query(`UPDATE api_tokens SET expires_at = NULL WHERE owner = 'admin'`);
    for (const body of [{ name: 'forever' }, { name: 'too-late', expiresAt: Math.floor(Date.now() / 1000) + 31 * 86_400 }]) {
      const res = await h.http.post('/api/tokens').set(...admin.auth).send(body).expect(400);
      expect(res.body).toMatchObject({ field: 'expiresAt' });
      expect(res.body.message).toContain('30 days');
    }
    await h.http.post('/api/tokens').set(...admin.auth).send({ name: 'fine', expiresAt: Math.floor(Date.now() / 1000) + 3600 }).expect(201);
  });

  it('shows expiring tokens in the audit log once (the scan runs every second here)', async () => {
    const admin = await h.login('ann', undefined, { expiresAt: new Date(Date.now() + 2 * 86_400_000) });
    await sleep(2500);
    await h.app.get(AuditLogService).flush();
    const entries = (await h.http.get('/api/audit?action=event.credential.expiring&pageSize=100').set(...admin.auth).expect(200)).body.items as Array<{ actor: string }>;
    expect(entries.filter((e) => e.actor === 'ann')).toHaveLength(1);
  });

  it('rolls a token from the CLI and lists its refusals', async () => {
    await h.login('carl', undefined, { expiresAt: new Date(Date.now() + 86_400_000) });
    const env = { DATA_DIR: dataDir, DATABASE_URL: h.db.url, TOKENS_SECRET: HARNESS_SECRET, TOKENS_MAX_LIFETIME_DAYS: '30', BOOTSTRAP_TOKEN_OUTPUT: 'none' };
    const run = (...argv: string[]): Promise<CliResult> => cli(env, ...argv);
    const created = await run('tokens', 'create', '--user', 'carl', '--name', 'cli-roll', '--expires', String(Math.floor(Date.now() / 1000) + 86_400), '--privilege', 'list');
    expect(created.code).toBe(0);
    const old = created.out.trim();
    const rolled = await run('tokens', 'roll', '--user', 'carl', '--name', 'cli-roll', '--grace', '0');
    expect(rolled.code).toBe(0);
    expect(rolled.out.trim()).toMatch(/^[0-9A-Z]{32}$/);
    expect(rolled.err).toContain('the previous token stops at');
    await h.http.get('/api/me').set(...h.authHeader('carl', old)).expect(401);
    await h.http.get('/api/me').set(...h.authHeader('carl', rolled.out.trim())).expect(200);
    await h.app.get(AuditLogService).flush();
    expect((await run('tokens', 'refusals', '--user', 'carl', '--name', 'cli-roll')).out).toMatch(/\trolled\t/);
    expect((await run('tokens', 'roll', '--user', 'carl', '--name', 'cli-roll', '--grace', 'soon')).code).toBe(2);
    expect((await run('tokens', 'roll', '--user', 'carl', '--name', 'cli-roll', '--grace', '9999999')).err).toContain('graceSeconds');
  });
});

describe('the expiry scan by hand from the CLI (the periodic scan off)', () => {
  let h: AppHarness;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'panel-data-'));
    h = await createAppHarness({ env: { DATA_DIR: dataDir } });
  });

  afterAll(async () => {
    await h?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('announces what is due once: into the audit log, and a second scan announces nothing', async () => {
    const env = { DATA_DIR: dataDir, DATABASE_URL: h.db.url, TOKENS_SECRET: HARNESS_SECRET, BOOTSTRAP_TOKEN_OUTPUT: 'none', TOKENS_EVENTS_SCAN_SECONDS: '0' };
    const run = (...argv: string[]): Promise<CliResult> => cli(env, ...argv);
    const dana = await h.login('dana');
    await h.mintToken('dana', ['list'], { name: 'scan-soon', expiresAt: new Date(Date.now() + 2 * 86_400_000) });
    await h.mintToken('dana', ['list'], { name: 'scan-later', expiresAt: new Date(Date.now() + 30 * 86_400_000) });
    await h.mintToken('dana', ['list'], { name: 'scan-ending', expiresAt: new Date(Date.now() + 1200) });
    await sleep(1300);

    expect(await run('events', 'scan')).toMatchObject({ code: 0, out: 'expiry scan: 2 credentials announced (expiring or expired)\n', err: '' });
    expect(await run('events', 'scan')).toMatchObject({ code: 0, out: 'expiry scan: 0 credentials announced (expiring or expired)\n' });
    // Written by the CLI before it ended, each once.
    const entries = async (action: string): Promise<string[]> =>
      ((await h.http.get(`/api/audit?action=${action}&pageSize=100`).set(...dana.auth).expect(200)).body.items as Array<{ target: string | null }>).map((e) => e.target ?? '');
    expect(await entries('event.credential.expiring')).toEqual(['scan-soon']);
    expect(await entries('event.credential.expired')).toEqual(['scan-ending']);
  });
});
