// Faults: the database going away (503 + Retry-After, never 401, never a stack trace, recovery
// without restart), Redis going away (answers stay correct, revocations hold within the cache
// TTL, warnings logged), the process killed mid-write (no partial rows, acknowledged writes
// kept), and migrations run twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Logger, type INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import request from 'supertest';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ApiTokensService, TOKENS_ACCOUNT_PROVIDER, TOKENS_ENTITIES, TOKENS_MIGRATIONS, type InMemoryAccountProvider } from 'nestjs-api-tokens';
import { RedisInvalidationBus } from 'nestjs-api-tokens/redis';
import { AccountsService } from '../../apps/license-panel/src/accounts/accounts.service.js';
import { loadConfig } from '../../apps/license-panel/src/config/app-config.js';
import { createApp } from '../../apps/license-panel/src/create-app.js';
import { APP_ENTITIES, APP_MIGRATIONS } from '../../apps/license-panel/src/database/app-schema.js';
import { createTestDatabase, DB_KINDS, REDIS_URL, type DbKind, type TestDatabase } from '../support/databases.js';
import { listTables } from '../support/table-dump.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { createTokenTestApp } from '../lib/support/token-test-app.js';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const SECRET = 'faults-secret-0123456789-abcdefghijklmnop';
const STACK = /\bat \S+ \(|\.ts:\d+|\.js:\d+|QueryFailedError|ECONNREFUSED|Error:/;

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await sleep(100);
  }
}

describe.each([
  ['off', '0'],
  ['on', '10000'],
])('the database unreachable (PostgreSQL behind a proxy), verification cache %s', (cache, cacheMax) => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let app: INestApplication;
  let dataDir: string;
  let auth: [string, string];
  const errors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    proxy = new TcpProxy(Number(new URL(db.url).port || 5432));
    await proxy.up();
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    dataDir = mkdtempSync(join(tmpdir(), 'faults-db-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: viaProxy.toString(),
      TOKENS_SECRET: SECRET,
      BOOTSTRAP_TOKEN_OUTPUT: 'none',
      // Cache off: every request meets the outage while authenticating. Cache on: credentials
      // are still verified from memory, and the handlers meet the outage instead.
      TOKENS_CACHE_MAX: cacheMax,
      TOKENS_CACHE_TTL_MS: '600000',
      AUTH_FAILURE_LIMIT: '5',
      TRUSTED_PROXIES: '127.0.0.1',
    });
    app = await createApp(config, {
      logger: {
        log: () => undefined,
        warn: () => undefined,
        error: (message: unknown) => void errors.push(String(message)),
      },
    });
    await app.init();
    await app.get(AccountsService).create('alice');
    const { token } = await app.get(ApiTokensService).create('alice', { name: 'main' });
    auth = ['Authorization', `cpanel alice:${token}`];
  });

  afterAll(async () => {
    await proxy?.up().catch(() => undefined);
    await app?.close();
    await proxy?.down();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while it is gone, never 401 or a stack trace, and recovers without a restart', async () => {
    const http = request(app.getHttpServer());
    await http.get('/api/me').set(...auth).expect(200);
    await proxy.down();
    if (cache === 'on') await http.get('/api/me').set(...auth).expect(200); // answered from memory
    const guarded = [
      ...(cache === 'off' ? [() => http.get('/api/me').set(...auth)] : []),
      () => http.get('/api/tokens').set(...auth),
      () => http.post('/api/tokens').set(...auth).send({ name: 'during-outage' }),
      () => http.get('/api/licenses').set(...auth),
      () => http.get('/execute/Tokens/list').set(...auth),
      () => http.get('/XMLlicenseInfo.cgi?output=json').set(...auth),
    ];
    for (let round = 0; round < 3; round++) {
      for (const call of guarded) {
        const res = await call().set('X-Forwarded-For', '192.0.2.99');
        expect({ status: res.status, path: res.request.url }).toMatchObject({ status: 503 });
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(res.text).not.toMatch(STACK);
      }
    }
    // Outage answers are not failed authentications: the address is not blocked afterwards.
    await proxy.up();
    const back = await until(
      () => http.get('/api/me').set(...auth).set('X-Forwarded-For', '192.0.2.99'),
      (res) => res.status === 200,
    );
    expect(back.status).toBe(200);
    await http.post('/api/tokens').set(...auth).send({ name: 'after-outage' }).expect(201);
    expect(errors.join('\n')).toContain(cache === 'off' ? 'credential store unavailable' : 'database unavailable');
  });
});

describe('Redis unreachable', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  const apps: INestApplication[] = [];
  const clients: Redis[] = [];
  const buses: RedisInvalidationBus[] = [];
  let token: string;
  const warnings: string[] = [];
  let warnSpy: ReturnType<typeof jest.spyOn>;

  beforeAll(async () => {
    warnSpy = jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    db = await createTestDatabase('sqlite');
    proxy = new TcpProxy(Number(new URL(REDIS_URL).port || 6379));
    await proxy.up();
    const url = `redis://127.0.0.1:${proxy.port}`;
    const channel = `faults-${Date.now()}`;
    for (let i = 0; i < 2; i++) {
      const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      redis.on('error', () => undefined);
      clients.push(redis);
      apps.push(
        await createTokenTestApp({
          db: db.options,
          tokens: {
            cache: { ttlMs: 400 },
            invalidationBus: buses[buses.push(new RedisInvalidationBus({ url, channel, connectTimeoutMs: 1000 })) - 1],
            failureLimit: { points: 3, blockSeconds: 30, redis, keyPrefix: channel },
            trustedProxies: ['127.0.0.1'],
          },
        }),
      );
      apps[i]!.get<InMemoryAccountProvider>(TOKENS_ACCOUNT_PROVIDER).register('alice');
    }
    await until(async () => clients.every((c) => c.status === 'ready'), Boolean);
  });

  afterAll(async () => {
    warnSpy.mockRestore();
    for (const app of apps) await app.close();
    for (const c of clients) c.disconnect();
    await proxy.down();
    await db?.drop();
  });

  const whoami = (i: number, t: string, ip = '192.0.2.1') => request(apps[i]!.getHttpServer()).get('/t/whoami').set('Authorization', `cpanel alice:${t}`).set('X-Forwarded-For', ip);

  it('revokes on every instance at once while Redis is up (the bus works)', async () => {
    token = (await apps[0]!.get(ApiTokensService).create('alice', { name: 'up' })).token;
    await whoami(1, token).expect(200);
    await apps[0]!.get(ApiTokensService).revoke('alice', ['up']);
    await sleep(50);
    await whoami(1, token).expect(401);
  });

  it('stays correct while Redis is down: valid tokens work, revocations hold within the TTL, limiting goes on, warnings are logged', async () => {
    token = (await apps[0]!.get(ApiTokensService).create('alice', { name: 'down' })).token;
    await whoami(1, token).expect(200); // now cached on instance 1
    await proxy.down();
    await until(async () => clients.every((c) => c.status !== 'ready'), Boolean);
    await whoami(0, token).expect(200);
    await whoami(1, token).expect(200);
    const started = Date.now();
    await apps[0]!.get(ApiTokensService).revoke('alice', ['down']);
    expect(Date.now() - started).toBeLessThan(2000);
    await whoami(0, token).expect(401);
    // Instance 1 never heard of the revoke: it holds at most one cache lifetime.
    await sleep(450);
    await whoami(1, token).expect(401);
    // Failed authentications are still limited (in memory) on each instance.
    const wrong = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
    for (let i = 0; i < 3; i++) await whoami(1, wrong, '192.0.2.50').expect(401);
    await whoami(1, wrong, '192.0.2.50').expect(429);
    const text = warnings.join('\n');
    expect(text).toMatch(/invalidation bus \(Redis\) is down|invalidation not published/);
    expect(text).toContain('counting failed authentications in memory');
  });

  it('picks up again when Redis is back: revocations reach the other instance before the TTL', async () => {
    await proxy.up();
    await until(async () => clients.every((c) => c.status === 'ready') && buses.every((b) => b.connected), Boolean);
    token = (await apps[0]!.get(ApiTokensService).create('alice', { name: 'back' })).token;
    await whoami(1, token).expect(200); // cached on instance 1 for 400 ms
    await apps[0]!.get(ApiTokensService).revoke('alice', ['back']);
    const refused = await until(() => whoami(1, token), (res) => res.status === 401, 150);
    expect(refused.status).toBe(401);
  });
});

/** A free port on the loopback interface. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Child {
  proc: ChildProcess;
  url: string;
  bootstrapToken: string | null;
}

async function startChild(env: Record<string, string>): Promise<Child> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', './test/support/ts-register.mjs', 'apps/license-panel/src/main.ts'], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  proc.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (!out.includes('License panel on')) {
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`the app did not start:\n${out}`);
    await sleep(100);
  }
  await sleep(100);
  return { proc, url, bootstrapToken: /Bootstrap token for admin \(.*?\): ([0-9A-Z]{32})/.exec(out)?.[1] ?? null };
}

describe.each<DbKind>(['sqlite', 'postgres'])('the process killed mid-write, on %s', (kind) => {
  let db: TestDatabase;
  let dataDir: string;
  let child: Child | undefined;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dataDir = mkdtempSync(join(tmpdir(), 'faults-kill-'));
  });

  afterAll(async () => {
    child?.proc.kill('SIGKILL');
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write and leaves no partial row after SIGKILL and restart', async () => {
    const env = { DATA_DIR: dataDir, DATABASE_URL: db.url, TOKENS_SECRET: SECRET, AUTH_FAILURE_LIMIT: '0', TOKENS_CACHE_MAX: '0' };
    child = await startChild(env);
    expect(child.bootstrapToken).not.toBeNull();
    const admin = `cpanel admin:${child.bootstrapToken}`;
    const post = (path: string, body: unknown) =>
      fetch(`${child!.url}${path}`, { method: 'POST', headers: { authorization: admin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created = new Set<string>();
    const revoked = new Set<string>();
    // Revokes sent but not acknowledged when the process died may or may not have happened.
    const revoking = new Set<string>();
    const keys = new Set<string>();
    const licenses = new Set<number>();
    let stop = false;
    let n = 0;
    const loop = async (step: () => Promise<void>) => {
      while (!stop) await step().catch(() => undefined);
    };
    const workers = [
      loop(async () => {
        const name = `t${++n}`;
        // Within the bootstrap token's own lifetime: nothing it creates may outlive it.
        const expiresAt = Math.floor(Date.now() / 1000) + 3600;
        const res = await post('/api/tokens', { name, privileges: ['list', 'add'], allowedIps: ['192.0.2.0/24', '2001:db8::/32'], expiresAt });
        if (res.status === 201) created.add(name);
      }),
      loop(async () => {
        const name = `u${++n}`;
        const res = await post('/api/tokens', { name });
        if (res.status === 201) created.add(name);
      }),
      loop(async () => {
        const batch = [...created].filter((t) => !revoked.has(t) && !revoking.has(t)).slice(0, 3);
        if (batch.length < 3) return sleep(5);
        for (const t of batch) revoking.add(t);
        const res = await post('/api/tokens/revoke', { names: batch });
        if (res.status === 200) for (const t of batch) revoked.add(t);
        // A definite refusal revoked nothing (all or none): those tokens must still be there.
        else for (const t of batch) revoking.delete(t);
      }),
      loop(async () => {
        const i = ++n;
        const res = await post('/api/authkeys', { ip: `10.${(i >> 8) & 255}.${i & 255}.1`, service: `svc${i}`, privileges: ['list'] });
        if (res.status === 201) keys.add(((await res.json()) as { item: { id: string } }).item.id);
      }),
      loop(async () => {
        const i = ++n;
        const res = await post('/api/licenses', { ip: `172.16.${(i >> 8) & 255}.${i & 255}`, packageId: 1 });
        if (res.status === 201) licenses.add(Number(String(((await res.json()) as { licenseId?: unknown }).licenseId ?? '').replace(/^L/, '')));
      }),
    ];
    // Killed mid-stream: once enough writes were acknowledged (however loaded the machine), and
    // while the workers keep writing.
    const until = Date.now() + 30_000;
    while ((created.size <= 5 || keys.size === 0 || licenses.size === 0) && Date.now() < until) await sleep(50);
    await sleep(200);
    child.proc.kill('SIGKILL');
    await new Promise((r) => child!.proc.once('exit', r));
    stop = true;
    await Promise.all(workers);
    expect(created.size).toBeGreaterThan(5);

    child = await startChild(env);
    const ds = new DataSource({ ...db.options, entities: [...TOKENS_ENTITIES, ...APP_ENTITIES] } as DataSourceOptions);
    await ds.initialize();
    try {
      const tokens: Array<Record<string, unknown>> = await ds.query(`SELECT * FROM api_tokens WHERE owner = 'admin'`);
      const names = new Set(tokens.map((t) => String(t.name)));
      for (const name of created) if (!revoking.has(name)) expect({ name, kept: names.has(name) }).toEqual({ name, kept: true });
      for (const name of revoked) expect({ name, kept: names.has(name) }).toEqual({ name, kept: false });
      for (const t of tokens) {
        expect(String(t.secret_hash)).toMatch(/^[0-9a-f]{64}$/);
        expect(Array.isArray(JSON.parse(String(t.privileges)))).toBe(true);
        expect(Array.isArray(JSON.parse(String(t.allowed_ips)))).toBe(true);
        expect(Number(t.created_at)).toBeGreaterThan(0);
      }
      const keyRows: Array<Record<string, unknown>> = await ds.query('SELECT * FROM authorization_keys');
      const keyIds = new Set(keyRows.map((k) => String(k.id)));
      for (const id of keys) expect(keyIds.has(id)).toBe(true);
      for (const k of keyRows) expect(String(k.secret_hash)).toMatch(/^[0-9a-f]{64}$/);
      const orphans: unknown[] = await ds.query('SELECT l.id FROM licenses l WHERE NOT EXISTS (SELECT 1 FROM license_events e WHERE e.license_id = l.id)');
      expect(orphans).toEqual([]);
      const licenseIds = new Set(((await ds.query('SELECT id FROM licenses')) as Array<{ id: number }>).map((l) => Number(l.id)));
      for (const id of licenses) if (id > 0) expect(licenseIds.has(id)).toBe(true);
      // Every acknowledged token create was audited before it was acknowledged.
      const audited = new Set(((await ds.query(`SELECT target FROM tokens_audit_log WHERE action = 'token.create' AND outcome = 'success'`)) as Array<{ target: string }>).map((a) => a.target));
      for (const name of created) expect({ name, audited: audited.has(name) }).toEqual({ name, audited: true });
      for (const row of (await ds.query('SELECT details FROM tokens_audit_log WHERE details IS NOT NULL')) as Array<{ details: string }>) JSON.parse(row.details);
      // And the restarted app serves all of it.
      const list = await fetch(`${child.url}/api/tokens?pageSize=500`, { headers: { authorization: admin } });
      expect(list.status).toBe(200);
      expect(((await list.json()) as { total: number }).total).toBe(tokens.length);
    } finally {
      await ds.destroy();
    }
  });
});

describe.each(DB_KINDS)('migrations on %s', (kind) => {
  it('run twice (and each up() again) without harm or change', async () => {
    const db = await createTestDatabase(kind);
    const options = { ...db.options, entities: [...TOKENS_ENTITIES, ...APP_ENTITIES], migrations: [...TOKENS_MIGRATIONS, ...APP_MIGRATIONS] } as DataSourceOptions;
    const ds = new DataSource(options);
    await ds.initialize();
    try {
      expect((await ds.runMigrations()).length).toBe(TOKENS_MIGRATIONS.length + APP_MIGRATIONS.length);
      const schema = async () => {
        const runner = ds.createQueryRunner();
        try {
          const tables = await runner.getTables((await listTables(ds)).sort());
          return tables.map((t) => `${t.name}:${t.columns.map((c) => `${c.name} ${c.type}`).join(',')}:${t.indices.map((i) => i.name).sort().join(',')}`).sort().join('\n');
        } finally {
          await runner.release();
        }
      };
      const before = await schema();
      const seeded = await ds.query('SELECT COUNT(*) AS n FROM license_packages');
      expect(await ds.runMigrations()).toEqual([]);
      const runner = ds.createQueryRunner();
      try {
        for (const Migration of [...TOKENS_MIGRATIONS, ...APP_MIGRATIONS]) await new Migration().up(runner);
      } finally {
        await runner.release();
      }
      expect(await schema()).toBe(before);
      expect(await ds.query('SELECT COUNT(*) AS n FROM license_packages')).toEqual(seeded);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});
