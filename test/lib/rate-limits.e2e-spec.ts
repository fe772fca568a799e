// Per-credential rate limits: none by default; a limited token or key is answered 429 with
// Retry-After and the RateLimit-* headers past its limit (through the guards on Express and
// Fastify, and through the Passport strategy), never 401 and never counted as a failed
// authentication; the refusal is audited once per window with reason `rate-limited`; with
// Redis, instances count together. Bad limits are refused with a 400 naming the field, and a
// limited credential cannot mint a less limited one.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { jest } from '@jest/globals';
import { Controller, Get, UseGuards, type INestApplication } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { Redis } from 'ioredis';
import request from 'supertest';
import {
  ApiTokensService,
  AuditLogService,
  AuthorizationKeysService,
  TOKEN_STRATEGY_NAME,
  TOKENS_FAILURE_LIMITER,
  type FailureLimiter,
  type Principal,
  type TokensModuleOptions,
} from 'nestjs-api-tokens';
import { flushPendingWrites } from 'nestjs-api-tokens/testing';
import { createTestDatabase, REDIS_URL, type TestDatabase } from '../support/databases.js';
import { createGuardTestApp, type GuardTestApp } from './support/guard-test-app.js';
import { PLATFORMS, type HttpPlatform } from './support/platforms.js';
import { basic, cpanel, from, WRONG } from './support/headers.js';
import { refusal } from './support/refusal.js';
import { startTokenTestApp, useTokenTestApp, useTwoTokenApps } from './support/token-test-app.js';

jest.setTimeout(60_000);

const start = (platform: HttpPlatform, db: TestDatabase, tokens: Partial<TokensModuleOptions> = {}): Promise<INestApplication> =>
  startTokenTestApp(db, { platform, tokens: { trustedProxies: ['127.0.0.1'], ...tokens } });

/** The `auth.authenticate` refusals audited with reason `rate-limited` for a credential id. */
async function rateLimitedEntries(app: INestApplication, id: string): Promise<number> {
  await flushPendingWrites(app);
  const page = await app.get(AuditLogService).query({ action: 'auth.authenticate', outcome: 'failure', pageSize: 500 });
  return page.items.filter((e) => e.credentialId === id && e.details.reason === 'rate-limited').length;
}

describe.each(PLATFORMS)('per-credential rate limits, in memory, on %s', (platform) => {
  let db: TestDatabase;
  let app: INestApplication;
  let tokens: ApiTokensService;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    app = await start(platform, db, { failureLimit: { points: 2, durationSeconds: 60, blockSeconds: 60 } });
    tokens = app.get(ApiTokensService);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('has no limit by default: many requests, no RateLimit headers', async () => {
    const { token, item } = await tokens.create('alice', { name: 'unlimited' });
    expect(item.rateLimit).toBeNull();
    const http = request(app.getHttpServer());
    for (let i = 0; i < 40; i++) {
      const res = await http.get('/t/whoami').set(...cpanel('alice', token)).expect(200);
      expect(res.headers['ratelimit-limit']).toBeUndefined();
    }
  });

  it('answers 429 with Retry-After and RateLimit-* past the limit, counts down on success, and opens again after the window', async () => {
    const { token, item } = await tokens.create('alice', { name: 'limited', rateLimit: { points: 3, windowSeconds: 2 } });
    expect(item.rateLimit).toEqual({ points: 3, windowSeconds: 2 });
    const http = request(app.getHttpServer());
    for (const left of [2, 1, 0]) {
      const ok = await http.get('/t/whoami').set(...cpanel('alice', token)).expect(200);
      expect(ok.headers['ratelimit-limit']).toBe('3');
      expect(ok.headers['ratelimit-remaining']).toBe(String(left));
      expect(Number(ok.headers['ratelimit-reset'])).toBeGreaterThanOrEqual(1);
    }
    const refused = await http.get('/t/whoami').set(...cpanel('alice', token)).expect(429);
    const retry = Number(refused.headers['retry-after']);
    expect(retry >= 1 && retry <= 2).toBe(true);
    expect(refused.headers['ratelimit-limit']).toBe('3');
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(refused.headers['ratelimit-reset']).toBe(String(retry));
    expect(refused.headers['www-authenticate']).toBeUndefined();
    expect(refused.body.message).toMatch(/rate limit/);
    await sleep(2100);
    await http.get('/t/whoami').set(...cpanel('alice', token)).expect(200);
  });

  it('is not a failed authentication: the address is not blocked, and the refusals are audited once per window as rate-limited', async () => {
    const { token, item } = await tokens.create('alice', { name: 'hammered', rateLimit: { points: 1, windowSeconds: 60 } });
    const http = request(app.getHttpServer());
    const ip = '198.51.100.40';
    await http.get('/t/whoami').set(...cpanel('alice', token)).set(...from(ip)).expect(200);
    // Ten refusals, with a failure limit of 2 per address.
    for (let i = 0; i < 10; i++) await http.get('/t/whoami').set(...cpanel('alice', token)).set(...from(ip)).expect(429);
    expect(app.get<FailureLimiter>(TOKENS_FAILURE_LIMITER).blockedFor(ip)).toBe(0);
    // A wrong token from that address is the address's first failure: 401, not 429.
    await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...from(ip)).expect(401);
    expect(await rateLimitedEntries(app, item.id)).toBe(1);
    const page = await app.get(AuditLogService).query({ action: 'auth.authenticate', outcome: 'failure', pageSize: 500 });
    const entry = page.items.find((e) => e.credentialId === item.id && e.details.reason === 'rate-limited');
    expect(entry).toMatchObject({ actor: 'alice', credentialKind: 'api-token', ip, details: { reason: 'rate-limited', kind: 'api-token' } });
  });

  it('limits authorization keys the same way, and an update changes the limit at once', async () => {
    const keys = app.get(AuthorizationKeysService);
    const { key, item } = await keys.create('alice', { ip: '127.0.0.1', service: 'billing', privileges: ['list'], rateLimit: { points: 2, windowSeconds: 60 } });
    expect(item.rateLimit).toEqual({ points: 2, windowSeconds: 60 });
    const http = request(app.getHttpServer());
    await http.get('/t/list').set(...basic('alice', key)).expect(200);
    await http.get('/t/list').set(...basic('alice', key)).expect(200);
    const refused = await http.get('/t/list').set(...basic('alice', key)).expect(429);
    expect(refused.headers['ratelimit-limit']).toBe('2');
    // Lifted: served again, without headers.
    expect((await keys.setRateLimit('alice', item.id, null)).rateLimit).toBeNull();
    const ok = await http.get('/t/list').set(...basic('alice', key)).expect(200);
    expect(ok.headers['ratelimit-limit']).toBeUndefined();
    // A token's limit set by update applies to the next request.
    const { token } = await tokens.create('alice', { name: 'updated' });
    await http.get('/t/whoami').set(...cpanel('alice', token)).expect(200);
    expect((await tokens.update('alice', 'updated', { rateLimit: { points: 1, windowSeconds: 60 } })).rateLimit).toEqual({ points: 1, windowSeconds: 60 });
    await http.get('/t/whoami').set(...cpanel('alice', token)).expect(200);
    await http.get('/t/whoami').set(...cpanel('alice', token)).expect(429);
  });
});

describe('per-credential rate limits: validation and escalation', () => {
  const suite = useTokenTestApp('sqlite', { tokens: { trustedProxies: ['127.0.0.1'] } });
  let app: INestApplication;
  let tokens: ApiTokensService;

  beforeAll(() => {
    app = suite.app;
    tokens = app.get(ApiTokensService);
  });

  it.each([
    [{ points: 0, windowSeconds: 60 }, 'rateLimit.points'],
    [{ points: 1.5, windowSeconds: 60 }, 'rateLimit.points'],
    [{ points: 1_000_000_001, windowSeconds: 60 }, 'rateLimit.points'],
    [{ points: '10', windowSeconds: 60 }, 'rateLimit.points'],
    [{ points: 10 }, 'rateLimit.windowSeconds'],
    [{ points: 10, windowSeconds: 86_401 }, 'rateLimit.windowSeconds'],
    [{ points: 10, windowSeconds: 60, burst: 5 }, 'rateLimit.burst'],
    ['100/60', 'rateLimit'],
    [[100, 60], 'rateLimit'],
  ])('refuses %j with a 400 naming %s, creating nothing', async (rateLimit, field) => {
    const error = await refusal(tokens.create('alice', { name: 'bad', rateLimit: rateLimit as never }));
    expect(error.getStatus()).toBe(400);
    expect(error.field).toBe(field);
    const keyError = await refusal(
      app.get(AuthorizationKeysService).create('alice', { ip: '192.0.2.1', service: 'x', privileges: ['list'], rateLimit: rateLimit as never }),
    );
    expect(keyError.field).toBe(field);
    expect((await tokens.list('alice')).items.map((t) => t.name)).not.toContain('bad');
  });

  it('a limited credential mints tokens limited at least as strictly: inherited when absent, refused when looser', async () => {
    const { token } = await tokens.create('alice', { name: 'parent', rateLimit: { points: 100, windowSeconds: 60 } });
    const me = (await request(app.getHttpServer()).get('/t/whoami').set(...cpanel('alice', token)).expect(200)).body as Principal;
    const inherited = await tokens.create(me, { name: 'child' });
    expect(inherited.item.rateLimit).toEqual({ points: 100, windowSeconds: 60 });
    const stricter = await tokens.create(me, { name: 'stricter', rateLimit: { points: 10, windowSeconds: 60 } });
    expect(stricter.item.rateLimit).toEqual({ points: 10, windowSeconds: 60 });
    for (const looser of [null, { points: 101, windowSeconds: 60 }, { points: 100, windowSeconds: 30 }]) {
      const error = await refusal(tokens.create(me, { name: 'escape', rateLimit: looser }));
      expect(error.getStatus()).toBe(403);
      expect(error.field).toBe('rateLimit');
    }
    // Loosening a token's limit through the limited credential is refused too; the owner may.
    expect((await refusal(tokens.update(me, 'stricter', { rateLimit: null }))).field).toBe('rateLimit');
    expect((await tokens.update('alice', 'stricter', { rateLimit: null })).rateLimit).toBeNull();
  });
});

@Controller('p')
class PassportController {
  @UseGuards(AuthGuard(TOKEN_STRATEGY_NAME))
  @Get('me')
  me(): { ok: true } {
    return { ok: true };
  }
}

describe('per-credential rate limits through AuthGuard(TOKEN_STRATEGY_NAME)', () => {
  let t: GuardTestApp;

  beforeAll(async () => {
    t = await createGuardTestApp({ controllers: [PassportController] });
  });

  afterAll(async () => t?.close());

  it('answers 429 with its headers, not a Passport 401', async () => {
    const header = await t.header({ rateLimit: { points: 1, windowSeconds: 60 } });
    const http = request(t.app.getHttpServer());
    const ok = await http.get('/p/me').set('Authorization', header).expect(200);
    expect(ok.headers['ratelimit-remaining']).toBe('0');
    const refused = await http.get('/p/me').set('Authorization', header).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.headers['ratelimit-limit']).toBe('1');
  });
});

describe('per-credential rate limits shared through Redis by two instances (PostgreSQL)', () => {
  let redis: Redis;
  const instances = useTwoTokenApps('postgres', () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const tokens = { trustedProxies: ['127.0.0.1'], rateLimits: { redis, keyPrefix: `test-ratelimit-${randomBytes(4).toString('hex')}` } };
    return [
      { platform: 'express', tokens },
      { platform: 'fastify', tokens },
    ];
  });
  let a: INestApplication;
  let b: INestApplication;

  beforeAll(() => {
    ({ a, b } = instances);
  });

  afterAll(async () => {
    await redis?.quit();
  });

  it('counts a credential’s requests on both instances together', async () => {
    const { token, item } = await a.get(ApiTokensService).create('alice', { name: 'shared', rateLimit: { points: 4, windowSeconds: 30 } });
    const onA = request(a.getHttpServer());
    const onB = request(b.getHttpServer());
    expect((await onA.get('/t/whoami').set(...cpanel('alice', token)).expect(200)).headers['ratelimit-remaining']).toBe('3');
    expect((await onB.get('/t/whoami').set(...cpanel('alice', token)).expect(200)).headers['ratelimit-remaining']).toBe('2');
    await onA.get('/t/whoami').set(...cpanel('alice', token)).expect(200);
    expect((await onB.get('/t/whoami').set(...cpanel('alice', token)).expect(200)).headers['ratelimit-remaining']).toBe('0');
    await onA.get('/t/whoami').set(...cpanel('alice', token)).expect(429);
    const refused = await onB.get('/t/whoami').set(...cpanel('alice', token)).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(30);
    // Audited once for the window (by the instance that refused first; one table for both).
    await flushPendingWrites(b);
    expect(await rateLimitedEntries(a, item.id)).toBe(1);
  });
});
