// Failed authentications are limited per client address: refusals get 429 with Retry-After,
// forged credentials are refused in memory, and a credential that verifies is served from that
// address all the same (one stale client behind a NAT must not lock everyone there out); with
// Redis, every instance shares the counters. Addresses are simulated with X-Forwarded-For from a
// trusted 127.0.0.1, through the library's list or the framework's own `trust proxy`.
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import request from 'supertest';
import {
  ApiTokensService,
  AuthorizationKeysService,
  TOKENS_FAILURE_LIMITER,
  type FailureLimiter,
  type TokensModuleOptions,
} from 'nestjs-api-tokens';
// The library's lookup, to show forged credentials never reach it: not part of the package's API.
import { ApiTokenSource } from '../../libs/api-tokens/src/tokens/api-token.source.js';
import { createTestDatabase, REDIS_URL, type TestDatabase } from '../support/databases.js';
import { PLATFORMS, type HttpPlatform } from './support/platforms.js';
import { cpanel, from, WRONG } from './support/headers.js';
import { startTokenTestApp, useTokenTestApp } from './support/token-test-app.js';

jest.setTimeout(30_000);


/** An app whose failed authentications are limited by `failureLimit`, behind the trusted proxy 127.0.0.1. */
const start = (platform: HttpPlatform, db: TestDatabase, failureLimit: TokensModuleOptions['failureLimit']): Promise<INestApplication> =>
  startTokenTestApp(db, { platform, tokens: { trustedProxies: ['127.0.0.1'], failureLimit } });

describe.each(PLATFORMS)('failed-authentication limiting, in memory, on %s', (platform) => {
  const suite = useTokenTestApp('sqlite', { platform, tokens: { trustedProxies: ['127.0.0.1'], failureLimit: { points: 5, durationSeconds: 60, blockSeconds: 2 } } });
  let app: INestApplication;
  let tokens: ApiTokensService;
  let token: string;

  beforeAll(async () => {
    app = suite.app;
    tokens = app.get(ApiTokensService);
    token = (await tokens.create('alice', { name: 'owner' })).token;
  });

  it('answers refusals 429 with Retry-After after the limit, per address; the block ends on time', async () => {
    const http = request(app.getHttpServer());
    for (let i = 0; i < 5; i++) await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...from('198.51.100.1')).expect(401);
    const blocked = await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...from('198.51.100.1')).expect(429);
    const retry = Number(blocked.headers['retry-after']);
    expect(Number.isInteger(retry) && retry >= 1 && retry <= 2).toBe(true);
    expect(JSON.stringify(blocked.body)).not.toMatch(/alice|token|checksum/i);
    await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...from('198.51.100.1')).expect(429);
    // The owner, from another address, is not locked out.
    await http.get('/t/whoami').set(...cpanel('alice', token)).set(...from('198.51.100.2')).expect(200);
    // The block ends on time: refusals are 401 again.
    await new Promise((r) => setTimeout(r, 2100));
    await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...from('198.51.100.1')).expect(401);
  });

  it('serves a credential that verifies from a blocked address: a token and a key, cold and cached', async () => {
    const http = request(app.getHttpServer());
    const nat = from('198.51.100.7');
    // A stale job behind the NAT keeps failing until the address is blocked.
    for (let i = 0; i < 6; i++) await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...nat);
    await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...nat).expect(429);
    // Everyone else there keeps working: a token never seen (looked up), then cached, and a key.
    const fresh = (await tokens.create('alice', { name: 'behind-the-nat' })).token;
    for (let i = 0; i < 3; i++) {
      const res = await http.get('/t/whoami').set(...cpanel('alice', fresh)).set(...nat).expect(200);
      expect(res.body).toMatchObject({ user: 'alice', ip: '198.51.100.7' });
    }
    const key = await app.get(AuthorizationKeysService).create('alice', { ip: '198.51.100.7', service: 'nat', privileges: ['list'] });
    await http.get('/t/list').auth('alice', key.key).set(...nat).expect(200);
    // The stale job is still refused, and serving the others did not lift its block.
    await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...nat).expect(429);
  });

  it('refuses forged credentials from a blocked address in memory: no lookup, not counted again', async () => {
    const http = request(app.getHttpServer());
    const ip = from('198.51.100.3');
    for (let i = 0; i < 6; i++) await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...ip);
    const fresh = (await tokens.create('alice', { name: 'never-seen' })).token;
    const lookups = jest.spyOn(app.get(ApiTokenSource), 'findByHash');
    const counted = jest.spyOn(app.get<FailureLimiter>(TOKENS_FAILURE_LIMITER), 'registerFailure');
    try {
      for (const forged of [WRONG, `${fresh.slice(0, 31)}${fresh[31] === 'A' ? 'B' : 'A'}`, 'short']) {
        await http.get('/t/whoami').set(...cpanel('alice', forged)).set(...ip).expect(429);
      }
      await http.get('/t/whoami?apikey=ABCDEFGHIJKLMNOPQRST').set(...ip).expect(429);
      expect(lookups).not.toHaveBeenCalled();
      expect(counted).not.toHaveBeenCalled();
      // A real one is looked up once, and served.
      await http.get('/t/whoami').set(...cpanel('alice', fresh)).set(...ip).expect(200);
      expect(lookups).toHaveBeenCalledTimes(1);
    } finally {
      lookups.mockRestore();
      counted.mockRestore();
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
    await http.get('/t/whoami').set('Authorization', 'cpanel :').set(...ip).expect(401);
    await http.get('/t/whoami').set(...cpanel('mallory', WRONG)).set(...ip).expect(401);
    await http.get('/t/whoami').set(...cpanel('alice', token)).set(...ip).expect(200);
    await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...ip).expect(429);
  });

  it("does not count another scheme's header (a JWT guard's Bearer) as a failed attempt", async () => {
    const http = request(app.getHttpServer());
    const ip = from('198.51.100.8');
    for (let i = 0; i < 12; i++) await http.get('/t/whoami').set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x').set(...ip).expect(401);
    for (let i = 0; i < 5; i++) await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...ip).expect(401);
    await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...ip).expect(429);
  });
});

describe.each(PLATFORMS)("client addresses from the framework (trustedProxies: 'framework', the framework's proxy trust) on %s", (platform) => {
  let db: TestDatabase;
  let trusting: INestApplication;
  let plain: INestApplication;

  const startWith = (trustProxy: string | false): Promise<INestApplication> =>
    startTokenTestApp(db, {
      platform,
      tokens: { trustedProxies: 'framework', failureLimit: { points: 5, durationSeconds: 60, blockSeconds: 60 } },
      trustProxy,
    });

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    trusting = await startWith('loopback');
    plain = await startWith(false);
  });

  afterAll(async () => {
    await trusting?.close();
    await plain?.close();
    await db?.drop();
  });

  it("uses the framework's resolved client address: counters and the principal's address per forwarded client", async () => {
    const http = request(trusting.getHttpServer());
    const token = (await trusting.get(ApiTokensService).create('alice', { name: 'framework' })).token;
    for (let i = 0; i < 5; i++) await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...from('198.51.100.30')).expect(401);
    await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...from('198.51.100.30')).expect(429);
    await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...from('198.51.100.31')).expect(401);
    const me = await http.get('/t/whoami').set(...cpanel('alice', token)).set(...from('198.51.100.31')).expect(200);
    expect(me.body.ip).toBe('198.51.100.31');
  });

  it('applies token allowlists to that address, and never to the proxy when the forwarded value is garbage', async () => {
    const http = request(trusting.getHttpServer());
    const tokens = trusting.get(ApiTokensService);
    const remote = (await tokens.create('alice', { name: 'remote-only', allowedIps: ['198.51.100.40'] })).token;
    await http.get('/t/whoami').set(...cpanel('alice', remote)).set(...from('198.51.100.40')).expect(200);
    await http.get('/t/whoami').set(...cpanel('alice', remote)).set(...from('198.51.100.41')).expect(401);
    // A token bound to the proxy's own address: a forwarded client is not the proxy, whatever it sends.
    const proxyBound = (await tokens.create('alice', { name: 'proxy-only', allowedIps: ['127.0.0.1'] })).token;
    await http.get('/t/whoami').set(...cpanel('alice', proxyBound)).expect(200);
    for (const forwarded of ['not-an-address', '198.51.100.42', `${'9'.repeat(80)}`]) {
      await http.get('/t/whoami').set(...cpanel('alice', proxyBound)).set(...from(forwarded)).expect(401);
    }
  });

  it('ignores X-Forwarded-For when the app trusts no proxy: a client cannot pick its own counter', async () => {
    const http = request(plain.getHttpServer());
    for (let i = 0; i < 5; i++) await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...from(`198.51.100.${50 + i}`)).expect(401);
    await http.get('/t/whoami').set(...cpanel('alice', WRONG)).set(...from('198.51.100.99')).expect(429);
  });
});

describe.each(PLATFORMS)('refusal timing on %s', (platform) => {
  const suite = useTokenTestApp('sqlite', { platform, accounts: ['alice', 'bob'], tokens: { refusalDelayMs: 60, failureLimit: false } });
  let app: INestApplication;
  let token: string;
  let other: string;

  beforeAll(async () => {
    app = suite.app;
    const tokens = app.get(ApiTokensService);
    token = (await tokens.create('alice', { name: 'mine' })).token;
    other = (await tokens.create('bob', { name: 'theirs' })).token;
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
      apps.push(await start(platform, db, { points: 5, durationSeconds: 60, blockSeconds: 30, redis, keyPrefix }));
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
    // A credential that verifies is served from the blocked address, on both instances.
    await a.get('/t/whoami').set(...cpanel('alice', token)).set(...ip).expect(200);
    await b.get('/t/whoami').set(...cpanel('alice', token)).set(...ip).expect(200);
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
