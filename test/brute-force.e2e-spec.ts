// Failed authentications are limited per client address: 429 with Retry-After, answered before
// any lookup, without locking the owner out from other addresses; with Redis, every instance
// shares the counters. Addresses are simulated with X-Forwarded-For from a trusted 127.0.0.1.
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import request from 'supertest';
import { ApiTokensService, TOKENS_ACCOUNT_PROVIDER, type InMemoryAccountProvider, type TokensModuleOptions } from 'nestjs-api-tokens';
import { createTestDatabase, REDIS_URL, type TestDatabase } from './support/databases.js';
import { PLATFORMS, type HttpPlatform } from './support/platforms.js';
import { createTokenTestApp } from './support/token-test-app.js';

jest.setTimeout(30_000);

const WRONG = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'; // well-shaped, bad checksum
const from = (ip: string): [string, string] => ['X-Forwarded-For', ip];
const cpanel = (user: string, token: string): [string, string] => ['Authorization', `cpanel ${user}:${token}`];

async function start(
  platform: HttpPlatform,
  db: TestDatabase,
  failureLimit: TokensModuleOptions['failureLimit'],
): Promise<{ app: INestApplication; tokens: ApiTokensService }> {
  const app = await createTokenTestApp({ platform, db: db.options, tokens: { trustedProxies: ['127.0.0.1'], failureLimit } });
  const accounts = app.get<InMemoryAccountProvider>(TOKENS_ACCOUNT_PROVIDER);
  accounts.register('alice');
  return { app, tokens: app.get(ApiTokensService) };
}

describe.each(PLATFORMS)('failed-authentication limiting, in memory, on %s', (platform) => {
  let db: TestDatabase;
  let app: INestApplication;
  let tokens: ApiTokensService;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    ({ app, tokens } = await start(platform, db, { points: 5, durationSeconds: 60, blockSeconds: 2 }));
    token = (await tokens.create('alice', { name: 'owner' })).token;
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('answers 429 with Retry-After after the limit, per address, and lets the owner in from elsewhere', async () => {
    const http = request(app.getHttpServer());
    for (let i = 0; i < 5; i++) await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...from('198.51.100.1')).expect(401);
    const blocked = await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...from('198.51.100.1')).expect(429);
    const retry = Number(blocked.headers['retry-after']);
    expect(Number.isInteger(retry) && retry >= 1 && retry <= 2).toBe(true);
    expect(JSON.stringify(blocked.body)).not.toMatch(/alice|token|checksum/i);
    // The right token from the blocked address is refused too: the block comes first.
    await http.get('/t/whoami').set(...cpanel('alice', token)).set(...from('198.51.100.1')).expect(429);
    // The owner, from another address, is not locked out.
    await http.get('/t/whoami').set(...cpanel('alice', token)).set(...from('198.51.100.2')).expect(200);
    // The block ends on time.
    await new Promise((r) => setTimeout(r, 2100));
    await http.get('/t/whoami').set(...cpanel('alice', token)).set(...from('198.51.100.1')).expect(200);
  });

  it('answers a blocked address before any lookup', async () => {
    const http = request(app.getHttpServer());
    for (let i = 0; i < 6; i++) await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...from('198.51.100.3'));
    const fresh = (await tokens.create('alice', { name: 'never-seen' })).token;
    const lookups = jest.spyOn(tokens, 'findByHash');
    try {
      await http.get('/t/whoami').set(...cpanel('alice', fresh)).set(...from('198.51.100.3')).expect(429);
      expect(lookups).not.toHaveBeenCalled();
      await http.get('/t/whoami').set(...cpanel('alice', fresh)).set(...from('198.51.100.4')).expect(200);
      expect(lookups).toHaveBeenCalledTimes(1);
    } finally {
      lookups.mockRestore();
    }
  });

  it('counts neither requests without credentials nor successes', async () => {
    const http = request(app.getHttpServer());
    for (let i = 0; i < 12; i++) await http.get('/t/whoami').set(...from('198.51.100.5')).expect(401);
    for (let i = 0; i < 12; i++) await http.get('/t/whoami').set(...cpanel('alice', token)).set(...from('198.51.100.5')).expect(200);
    for (let i = 0; i < 5; i++) await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...from('198.51.100.5')).expect(401);
    await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...from('198.51.100.5')).expect(429);
  });

  it('counts every kind of refused credential: malformed headers, Basic and apikey alike', async () => {
    const http = request(app.getHttpServer());
    const ip = from('198.51.100.6');
    await http.get('/t/whoami').set('Authorization', 'cpanel nonsense').set(...ip).expect(401);
    await http.get('/t/whoami').set('Authorization', `Basic ${Buffer.from('alice:wrong').toString('base64')}`).set(...ip).expect(401);
    await http.get('/t/whoami?apikey=ABCDEFGHIJKLMNOPQRST').set(...ip).expect(401);
    await http.get('/t/whoami').set('Authorization', 'Bearer x').set(...ip).expect(401);
    await http.get('/t/whoami').set(...cpanel('mallory', WRONG)).set(...ip).expect(401);
    await http.get('/t/whoami').set(...cpanel('alice', token)).set(...ip).expect(200);
    await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...ip).expect(429);
  });
});

describe.each(PLATFORMS)('refusal timing on %s', (platform) => {
  let db: TestDatabase;
  let app: INestApplication;
  let token: string;
  let other: string;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    app = await createTokenTestApp({ platform, db: db.options, tokens: { refusalDelayMs: 60, failureLimit: false } });
    const accounts = app.get<InMemoryAccountProvider>(TOKENS_ACCOUNT_PROVIDER);
    accounts.register('alice');
    accounts.register('bob');
    const tokens = app.get(ApiTokensService);
    token = (await tokens.create('alice', { name: 'mine' })).token;
    other = (await tokens.create('bob', { name: 'theirs' })).token;
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('answers every kind of refusal no sooner than refusalDelayMs, and successes at once', async () => {
    const http = request(app.getHttpServer());
    const timed = async (header: string | null, status: number): Promise<number> => {
      const started = performance.now();
      const req = http.get('/t/whoami');
      await (header === null ? req : req.set('Authorization', header)).expect(status);
      return performance.now() - started;
    };
    await timed(`cpanel alice:${token}`, 200); // warm
    for (const header of [`cpanel nobody:${WRONG}`, `cpanel alice:${WRONG}`, `cpanel bob:${token}`, `cpanel alice:${other}`, 'cpanel garbage', 'Basic !!!']) {
      expect(await timed(header, 401)).toBeGreaterThanOrEqual(59);
    }
    expect(await timed(`cpanel alice:${token}`, 200)).toBeLessThan(59);
    // Asking for the challenge (no credential at all) is not a refusal to hide.
    expect(await timed(null, 401)).toBeLessThan(59);
  });
});

describe.each(PLATFORMS)('failed-authentication limiting, shared through Redis by two instances, on %s', (platform) => {
  let db: TestDatabase;
  const apps: INestApplication[] = [];
  const clients: Redis[] = [];
  let token: string;
  const keyPrefix = `test-authfail-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    for (let i = 0; i < 2; i++) {
      const redis = new Redis(REDIS_URL, { lazyConnect: true });
      await redis.connect();
      clients.push(redis);
      apps.push((await start(platform, db, { points: 5, durationSeconds: 60, blockSeconds: 30, redis, keyPrefix })).app);
    }
    token = (await apps[0]!.get(ApiTokensService).create('alice', { name: 'shared' })).token;
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const redis of clients) redis.disconnect();
    await db?.drop();
  });

  it('blocks an address on every instance once their failures together pass the limit', async () => {
    const [a, b] = apps.map((app) => request(app.getHttpServer())) as [ReturnType<typeof request>, ReturnType<typeof request>];
    const ip = from('203.0.113.10');
    for (let i = 0; i < 3; i++) await a.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...ip).expect(401);
    for (let i = 0; i < 2; i++) await b.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...ip).expect(401);
    // Six failures in all: whichever instance sees the sixth answers 429.
    await b.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...ip).expect(429);
    await a.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...ip).expect(429);
    await a.get('/t/whoami').set(...cpanel('alice', token)).set(...ip).expect(429);
    await b.get('/t/whoami').set(...cpanel('alice', token)).set(...ip).expect(429);
    // The owner elsewhere is unaffected, on both instances.
    await a.get('/t/whoami').set(...cpanel('alice', token)).set(...from('203.0.113.11')).expect(200);
    await b.get('/t/whoami').set(...cpanel('alice', token)).set(...from('203.0.113.11')).expect(200);
    expect(await clients[0]!.exists(`${keyPrefix}:203.0.113.10`)).toBe(1);
  });

  it('costs a success no Redis round-trip: only failures touch the counters', async () => {
    const monitor = await clients[0]!.monitor();
    const seen: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((arg) => arg.includes(keyPrefix))) seen.push(args.join(' '));
    });
    try {
      const http = request(apps[1]!.getHttpServer());
      for (let i = 0; i < 40; i++) await http.get('/t/whoami').set(...cpanel('alice', token)).set(...from('203.0.113.20')).expect(200);
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toEqual([]);
      await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...from('203.0.113.20')).expect(401);
      await new Promise((r) => setTimeout(r, 200));
      expect(seen.length).toBeGreaterThan(0);
    } finally {
      monitor.disconnect();
    }
  });
});
