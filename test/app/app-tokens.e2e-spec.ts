// The demo's first slice: bootstrap token on first start only, /api/tokens over HTTP, the CLI.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuthorizationKeysService } from 'nestjs-api-tokens';
import { bootstrapMessage, BootstrapService } from '../../apps/license-panel/src/bootstrap/bootstrap.service.js';
import { BOOTSTRAP_TOKEN_LIFETIME_MS } from '../../apps/license-panel/src/config/bootstrap.options.js';
import { loadConfig, type AppConfig } from '../../apps/license-panel/src/config/app-config.js';
import { createApp } from '../../apps/license-panel/src/create-app.js';
import { DEMO_RUNS, startApp } from './support/app-harness.js';
import { cli } from './support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

describe.each(DEMO_RUNS)('demo app first slice, $name', ({ db: kind, platform }) => {
  let db: TestDatabase;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let config: AppConfig;
  let app: INestApplication;
  let bootstrapToken: string;
  const warnings: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dataDir = mkdtempSync(join(tmpdir(), 'panel-data-'));
    env = { DATA_DIR: dataDir, DATABASE_URL: db.url, HTTP_ADAPTER: platform };
    config = loadConfig(env, (m) => warnings.push(m));
    app = await startApp(await createApp(config, { logger: false }));
    bootstrapToken = (await app.get(BootstrapService).bootstrapIfEmpty())?.token ?? '';
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('generates and keeps a secret in the data folder, with a warning', () => {
    expect(warnings.join('\n')).toContain('TOKENS_SECRET is not set');
    expect(readFileSync(join(dataDir, 'tokens-secret'), 'utf8').trim()).toBe(config.tokens.secret);
    expect(loadConfig(env).tokens.secret).toBe(config.tokens.secret);
  });

  it('creates admin and a bootstrap token on the first start, and never again', async () => {
    expect(bootstrapToken).toMatch(/^[0-9A-Z]{32}$/);
    // Full access and printed to a log: it lives 24 hours, and the lines say how to get a lasting one.
    const [row] = (await app.get(DataSource).query(`SELECT created_at, expires_at FROM api_tokens WHERE name = 'bootstrap'`)) as Array<{ created_at: string; expires_at: string }>;
    const lifetime = Number(row?.expires_at) - Number(row?.created_at);
    expect(Math.abs(lifetime - BOOTSTRAP_TOKEN_LIFETIME_MS)).toBeLessThan(5000);
    const message = bootstrapMessage({ user: 'admin', token: bootstrapToken, expiresAt: new Date(Number(row?.expires_at)) }, 'http://localhost:3000', BOOTSTRAP_TOKEN_LIFETIME_MS);
    expect(message).toContain(`Bootstrap token for admin (full access; expires ${new Date(Number(row?.expires_at)).toISOString()}, in 24 hours): ${bootstrapToken}`);
    expect(message).toContain('npm run cli -- tokens create --user admin');
    const again = await createApp(config, { logger: false });
    await again.init();
    expect(await again.get(BootstrapService).bootstrapIfEmpty()).toBeNull();
    await again.close();
  });

  it('serves /api/tokens to the bootstrap token, 401 to a wrong one, 403 to a token without apitokens', async () => {
    const http = request(app.getHttpServer());
    const ok = await http.get('/api/tokens').set('Authorization', `cpanel admin:${bootstrapToken}`).expect(200);
    expect(ok.body.items.map((t: { name: string }) => t.name)).toEqual(['bootstrap']);
    const wrong = await http.get('/api/tokens').set('Authorization', `cpanel admin:${'Z'.repeat(32)}`).expect(401);
    expect(wrong.headers['www-authenticate']).toBe('cpanel realm="API"');
    const created = await http
      .post('/api/tokens')
      .set('Authorization', `cpanel admin:${bootstrapToken}`)
      .send({ name: 'lister', privileges: ['list'] })
      .expect(201);
    expect(created.body.token).toMatch(/^[0-9A-Z]{32}$/);
    const denied = await http.get('/api/tokens').set('Authorization', `cpanel admin:${created.body.token}`).expect(403);
    expect(denied.body.message).toContain('Manage API Tokens');
  });

  it('manages tokens over REST: validation names the field, rename, bulk revoke, delete expired', async () => {
    const http = request(app.getHttpServer());
    const as = (r: request.Test): request.Test => r.set('Authorization', `cpanel admin:${bootstrapToken}`);
    const bad = await as(http.post('/api/tokens')).send({ name: 'bad name' }).expect(400);
    expect(bad.body).toMatchObject({ field: 'name', error: 'INVALID_NAME' });
    const extra = await as(http.post('/api/tokens')).send({ name: 'x', admin: true }).expect(400);
    expect(JSON.stringify(extra.body.message)).toContain('admin');
    const past = await as(http.post('/api/tokens')).send({ name: 'old', expiresAt: '2001-01-01' }).expect(400);
    expect(past.body).toMatchObject({ field: 'expiresAt', message: 'The “2001-01-01” value must be a future date.' });
    await as(http.post('/api/tokens')).send({ name: 'r1', expiresAt: 'default' }).expect(201);
    // The bootstrap token expires within a day, and nothing it creates may outlive it.
    const outlives = await as(http.post('/api/tokens')).send({ name: 'r2', expiresAt: '2099-12-31' }).expect(403);
    expect(outlives.body).toMatchObject({ field: 'expiresAt' });
    await as(http.post('/api/tokens')).send({ name: 'r2', expiresAt: Math.floor(Date.now() / 1000) + 3600 }).expect(201);
    await as(http.post('/api/tokens')).send({ name: 'r1' }).expect(409);
    const renamed = await as(http.patch('/api/tokens/r1')).send({ newName: 'r1b' }).expect(200);
    expect(renamed.body.name).toBe('r1b');
    await as(http.post('/api/tokens/revoke')).send({ names: ['r1b', 'ghost'] }).expect(404);
    await as(http.get('/api/tokens/r1b')).expect(200);
    const revoked = await as(http.post('/api/tokens/revoke')).send({ names: ['r1b', 'r2'] }).expect(200);
    expect(revoked.body.revoked.sort()).toEqual(['r1b', 'r2']);
    await as(http.delete('/api/tokens/lister')).expect(200);
    const list = await as(http.get('/api/tokens?sort=name&order=desc&pageSize=5')).expect(200);
    expect(list.body).toMatchObject({ page: 1, pageSize: 5, total: 1 });
    await as(http.get('/api/tokens?sort=bogus')).expect(400);
    await as(http.post('/api/tokens/delete-expired')).expect(200);
  });

  it('answers /api/me for limited credentials too, and /api/privileges publicly', async () => {
    const http = request(app.getHttpServer());
    const me = await http.get('/api/me').set('Authorization', `cpanel admin:${bootstrapToken}`).expect(200);
    expect(me.body).toMatchObject({ user: 'admin', fullAccess: true, credential: { kind: 'api-token', name: 'bootstrap' } });
    await http.get('/api/me').expect(401);
    const catalog = await http.get('/api/privileges').expect(200);
    expect(catalog.body.map((p: { label: string }) => p.label)).toEqual(
      expect.arrayContaining(['Add a New License', 'List active licenses', 'Manage Authkeys', 'Manage API Tokens']),
    );
  });

  it('runs the CLI: accounts and tokens, with clear errors and exit codes', async () => {
    const created = await cli(env, 'accounts', 'create', 'alice', '--privilege', 'list', '--privilege', 'search');
    expect(created).toMatchObject({ code: 0 });
    expect(created.out).toContain('created alice with list, search');
    expect((await cli(env, 'accounts', 'create', 'alice')).code).toBe(1);
    expect((await cli(env, 'accounts', 'create', 'Bad Name')).err).toContain('username');
    const token = await cli(env, 'tokens', 'create', '--user', 'alice', '--name', 'cli-token', '--expires', '2099-01-01', '--privilege', 'list');
    expect(token.code).toBe(0);
    expect(token.out.trim()).toMatch(/^[0-9A-Z]{32}$/);
    expect(token.err).toContain('shown only this once');
    const escalate = await cli(env, 'tokens', 'create', '--user', 'alice', '--name', 'grab', '--privilege', 'add');
    expect(escalate.code).toBe(1);
    expect(escalate.err).toContain('Add a New License');
    const listed = await cli(env, 'tokens', 'list', '--user', 'alice');
    expect(listed.out).toContain('cli-token\tactive\tlist');
    expect(listed.out).not.toContain(token.out.trim());
    expect(listed.out).toMatch(/cli-token\t.*\tno-limit\n/);
    // A rate limit, set on create and changed later; a malformed one is a usage error, a bad number a refusal naming the field.
    expect((await cli(env, 'tokens', 'create', '--user', 'alice', '--name', 'metered', '--privilege', 'list', '--rate-limit', '100/60')).code).toBe(0);
    expect((await cli(env, 'tokens', 'list', '--user', 'alice')).out).toMatch(/metered\t.*\t100\/60s\n/);
    expect((await cli(env, 'tokens', 'rate-limit', '--user', 'alice', '--name', 'metered', '--rate-limit', '5/1')).out).toContain('at most 5 requests per 1 s');
    expect((await cli(env, 'tokens', 'rate-limit', '--user', 'alice', '--name', 'metered', '--rate-limit', 'none')).out).toContain('metered: no rate limit');
    expect((await cli(env, 'tokens', 'rate-limit', '--user', 'alice', '--name', 'metered', '--rate-limit', 'fast')).code).toBe(2);
    const zero = await cli(env, 'tokens', 'rate-limit', '--user', 'alice', '--name', 'metered', '--rate-limit', '0/60');
    expect(zero).toMatchObject({ code: 1, err: expect.stringContaining('rateLimit.points') });
    // the token works against the running app (same database)
    await request(app.getHttpServer()).get('/api/me').set('Authorization', `cpanel alice:${token.out.trim()}`).expect(200);
    expect((await cli(env, 'accounts', 'privileges', 'alice', '--privilege', 'list')).out).toContain('alice: list');
    expect((await cli(env, 'accounts', 'disable', 'alice')).out).toContain('alice disabled');
    expect((await cli(env, 'accounts', 'list')).out).toMatch(/alice\tdisabled\tlist/);
    expect((await cli(env, 'tokens', 'revoke', '--user', 'alice', '--name', 'cli-token')).out).toContain('revoked: cli-token');
    expect((await cli(env, 'tokens', 'revoke', '--user', 'alice', '--name', 'cli-token')).code).toBe(1);
    expect((await cli(env, 'bogus')).code).toBe(2);
    expect((await cli(env, 'privileges')).out).toContain('authkeys\tManage Authkeys');
  });

  it('runs the CLI for authorization keys: list, rate-limit and roll, errors naming the flag or the field', async () => {
    const { key: old, item } = await app.get(AuthorizationKeysService).create('admin', { ip: '127.0.0.1', service: 'cli-key', privileges: ['list'] });
    const listed = await cli(env, 'keys', 'list', '--user', 'admin');
    expect(listed.out).toContain(`${item.id}\t127.0.0.1\tcli-key\tlist\tnever\t-\tno-limit\n`);
    expect(listed.out).not.toContain(old);

    const limited = await cli(env, 'keys', 'rate-limit', '--user', 'admin', '--id', item.id, '--rate-limit', '10/60');
    expect(limited).toMatchObject({ code: 0, out: `${item.id} (127.0.0.1, cli-key): at most 10 requests per 60 s\n` });
    await expect(app.get(AuthorizationKeysService).list('admin')).resolves.toEqual([expect.objectContaining({ id: item.id, rateLimit: { points: 10, windowSeconds: 60 } })]);
    expect((await cli(env, 'keys', 'list', '--user', 'admin')).out).toMatch(/\tcli-key\t.*\t10\/60s\n/);
    expect((await cli(env, 'keys', 'rate-limit', '--user', 'admin', '--id', item.id, '--rate-limit', 'none')).out).toContain(': no rate limit');
    const malformed = await cli(env, 'keys', 'rate-limit', '--user', 'admin', '--id', item.id, '--rate-limit', 'fast');
    expect(malformed).toMatchObject({ code: 2, err: expect.stringContaining('--rate-limit takes POINTS/SECONDS') });
    expect(malformed.err).toContain('cli keys rate-limit --user U --id ID');
    expect(await cli(env, 'keys', 'rate-limit', '--user', 'admin', '--id', item.id, '--rate-limit', '0/60')).toMatchObject({ code: 1, err: expect.stringContaining('rateLimit.points') });
    expect(await cli(env, 'keys', 'rate-limit', '--user', 'admin', '--rate-limit', '5/1')).toMatchObject({ code: 2, err: expect.stringContaining('missing --id') });
    expect((await cli(env, 'keys', 'rate-limit', '--user', 'admin', '--id', 'no-such-key', '--rate-limit', '5/1')).code).toBe(1);

    // Roll: the new key on stdout, once; the old one stops at once (no --grace).
    const rolled = await cli(env, 'keys', 'roll', '--user', 'admin', '--id', item.id);
    expect(rolled.code).toBe(0);
    const key = rolled.out.trim();
    expect(key).toMatch(/^[0-9A-Z]{20}$/);
    expect(rolled.err).toContain(`rolled key ${item.id} (127.0.0.1, cli-key) for admin; the previous key stops at`);
    expect(rolled.err).toContain('shown only this once');
    const http = request(app.getHttpServer());
    await http.get(`/api/me?apikey=${old}`).expect(401);
    await http.get(`/api/me?apikey=${key}`).expect(200);
    expect((await cli(env, 'keys', 'list', '--user', 'admin')).out).not.toContain(key);
    // With a grace, both work until it ends; a bad grace is a usage error, one over the cap a refusal naming the field.
    const graced = await cli(env, 'keys', 'roll', '--user', 'admin', '--id', item.id, '--grace', '600');
    expect(graced.code).toBe(0);
    await http.get(`/api/me?apikey=${key}`).expect(200);
    await http.get(`/api/me?apikey=${graced.out.trim()}`).expect(200);
    expect(await cli(env, 'keys', 'roll', '--user', 'admin', '--id', item.id, '--grace', 'soon')).toMatchObject({ code: 2, err: expect.stringContaining('--grace') });
    expect(await cli(env, 'keys', 'roll', '--user', 'admin', '--id', item.id, '--grace', '9999999')).toMatchObject({ code: 1, err: expect.stringContaining('graceSeconds') });
    expect(await cli(env, 'keys', 'roll', '--user', 'admin')).toMatchObject({ code: 2, err: expect.stringContaining('missing --id') });
    // Another account's key is not found.
    expect((await cli(env, 'keys', 'roll', '--user', 'alice', '--id', item.id)).code).toBe(1);
  });

  it('never writes a plaintext token to the database', async () => {
    const rows = await app.get(DataSource).query('SELECT * FROM api_tokens');
    expect(JSON.stringify(rows)).not.toContain(bootstrapToken);
  });
});
