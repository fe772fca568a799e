// Lifecycle events: what the library emits (rolled, revoked, key registered and removed, address
// blocked, expiring, expired), through a custom sink or `@nestjs/event-emitter`'s `@OnEvent`; the
// time-based ones come from a scan under a lease, and each expiry is announced once per cluster —
// two instances on one PostgreSQL database, scanning at once, fire it once; a scan run by hand
// (`ExpiryScanner.scan()`) announces what is due, and a second one in a row nothing.
import { jest } from '@jest/globals';
import { Injectable, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import request from 'supertest';
import {
  ApiTokensService,
  AuthorizationKeysService,
  ExpiryScanner,
  TOKEN_EVENT_TYPES,
  type CredentialRolledEvent,
  type TokenLifecycleEvent,
  type TokensModuleOptions,
} from 'nestjs-api-tokens';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../support/databases.js';
import { startTokenTestApp } from './support/token-test-app.js';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const WRONG = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'; // well-shaped, bad checksum

const start = (db: TestDatabase, tokens: Partial<TokensModuleOptions>, extraModules: DynamicModule[] = []): Promise<INestApplication> =>
  startTokenTestApp(db, { tokens: { trustedProxies: ['127.0.0.1'], ...tokens }, extraModules });

/** A sink that keeps what it is given. */
function recorder(): { events: TokenLifecycleEvent[]; publish(event: TokenLifecycleEvent): void; of(type: string): TokenLifecycleEvent[] } {
  const events: TokenLifecycleEvent[] = [];
  return { events, publish: (event) => void events.push(event), of: (type) => events.filter((e) => e.type === type) };
}

describe.each(DB_KINDS)('lifecycle events through a custom sink on %s', (kind) => {
  let db: TestDatabase;
  let app: INestApplication;
  let tokens: ApiTokensService;
  let keys: AuthorizationKeysService;
  const sink = recorder();

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    app = await start(db, {
      events: { sink, expiringWithinDays: 7, scanIntervalSeconds: 1 },
      failureLimit: { points: 2, durationSeconds: 60, blockSeconds: 30 },
    });
    tokens = app.get(ApiTokensService);
    keys = app.get(AuthorizationKeysService);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('lists every event type', () => {
    expect([...TOKEN_EVENT_TYPES].sort()).toEqual(
      ['address.blocked', 'authorization-key.registered', 'authorization-key.removed', 'credential.expired', 'credential.expiring', 'credential.leaked', 'credential.revoked', 'credential.rolled'].sort(),
    );
  });

  it('emits credential.rolled with the grace end, and credential.revoked', async () => {
    await tokens.create('alice', { name: 'ev-roll', privileges: ['list'] });
    const rolled = await tokens.roll('alice', 'ev-roll', { graceSeconds: 60 });
    expect(sink.of('credential.rolled')).toEqual([
      { type: 'credential.rolled', kind: 'token', user: 'alice', name: 'ev-roll', previousValidUntil: rolled.previousValidUntil, at: expect.any(Date) },
    ]);
    await tokens.revoke('alice', 'ev-roll');
    expect(sink.of('credential.revoked')).toEqual([{ type: 'credential.revoked', kind: 'token', user: 'alice', name: 'ev-roll', actor: 'alice', at: expect.any(Date) }]);
    // A refused action emits nothing.
    await expect(tokens.revoke('alice', 'ev-roll')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(sink.of('credential.revoked')).toHaveLength(1);
  });

  it('emits authorization-key.registered, a key roll, and credential.revoked + authorization-key.removed', async () => {
    const { item } = await keys.create('alice', { ip: '192.0.2.10', service: 'ev-svc', privileges: ['list'] });
    expect(sink.of('authorization-key.registered')).toEqual([
      { type: 'authorization-key.registered', user: 'alice', keyId: item.id, ip: '192.0.2.10', service: 'ev-svc', at: expect.any(Date) },
    ]);
    await keys.roll('alice', item.id, { graceSeconds: 0 });
    expect(sink.of('credential.rolled').at(-1)).toMatchObject({ kind: 'authorization-key', name: item.id });
    await keys.delete('alice', item.id);
    expect(sink.of('authorization-key.removed')).toEqual([
      { type: 'authorization-key.removed', user: 'alice', keyId: item.id, ip: '192.0.2.10', service: 'ev-svc', at: expect.any(Date) },
    ]);
    expect(sink.of('credential.revoked').at(-1)).toMatchObject({ kind: 'authorization-key', name: item.id, user: 'alice' });
  });

  it('emits address.blocked once when the failure limiter blocks an address', async () => {
    const http = request(app.getHttpServer());
    for (let i = 0; i < 5; i++) await http.get('/t/list').set('X-Forwarded-For', '203.0.113.66').set('Authorization', `cpanel alice:${WRONG}`);
    const blocked = sink.of('address.blocked');
    expect(blocked).toHaveLength(1);
    expect(blocked[0]).toMatchObject({ type: 'address.blocked', ip: '203.0.113.66' });
    const until = (blocked[0] as { until: Date }).until.getTime();
    expect(until).toBeGreaterThan(Date.now() + 25_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 30_000);
  });

  it('announces credential.expiring within the window and credential.expired after, once each', async () => {
    const soon = new Date(Date.now() + 2 * DAY);
    await tokens.create('alice', { name: 'ev-soon', privileges: ['list'], expiresAt: soon });
    await tokens.create('alice', { name: 'ev-later', privileges: ['list'], expiresAt: new Date(Date.now() + 30 * DAY) });
    await tokens.create('alice', { name: 'ev-ending', privileges: ['list'], expiresAt: new Date(Date.now() + 1500) });
    const { item: key } = await keys.create('alice', { ip: '192.0.2.11', service: 'ev-exp', privileges: ['list'], expiresAt: new Date(Date.now() + 3 * DAY) });
    await sleep(3500); // the scan runs every second: three or more scans
    const expiring = sink.of('credential.expiring') as { name: string; kind: string; expiresAt: Date }[];
    expect(expiring.filter((e) => e.name === 'ev-soon')).toEqual([expect.objectContaining({ kind: 'token', user: 'alice', expiresAt: soon })]);
    expect(expiring.filter((e) => e.name === key.id)).toEqual([expect.objectContaining({ kind: 'authorization-key' })]);
    expect(expiring.filter((e) => e.name === 'ev-later')).toEqual([]);
    const expired = sink.of('credential.expired') as { name: string }[];
    expect(expired.filter((e) => e.name === 'ev-ending')).toHaveLength(1);
    expect(expired.filter((e) => e.name === 'ev-soon')).toHaveLength(0);

    // A new expiry is a new announcement; the same one is not repeated.
    const later = new Date(Date.now() + 3 * DAY);
    await tokens.update('alice', 'ev-soon', { expiresAt: later });
    await sleep(2500);
    expect((sink.of('credential.expiring') as { name: string }[]).filter((e) => e.name === 'ev-soon')).toHaveLength(2);
  });
});

describe('the expiry scan by hand (the periodic scan off)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const sink = recorder();

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    app = await start(db, { events: { sink, expiringWithinDays: 7, scanIntervalSeconds: 0 } });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('announces what is due once: a second scan in a row, or two at once, announce nothing again', async () => {
    const tokens = app.get(ApiTokensService);
    const scanner = app.get(ExpiryScanner);
    await tokens.create('alice', { name: 'hand-soon', expiresAt: new Date(Date.now() + 2 * DAY) });
    await tokens.create('alice', { name: 'hand-later', expiresAt: new Date(Date.now() + 30 * DAY) });
    await tokens.create('alice', { name: 'hand-ending', expiresAt: new Date(Date.now() + 1500) });
    const { item: key } = await app.get(AuthorizationKeysService).create('alice', { ip: '192.0.2.12', service: 'hand', privileges: ['list'], expiresAt: new Date(Date.now() + 3 * DAY) });
    await sleep(1600);
    // Nothing runs by itself with the interval at 0.
    expect(sink.events.filter((e) => e.type.startsWith('credential.expir'))).toEqual([]);

    await expect(scanner.scan()).resolves.toBe(3);
    const names = (type: string): string[] => sink.of(type).map((e) => (e as { name: string }).name);
    expect(names('credential.expiring').sort()).toEqual(['hand-soon', key.id].sort());
    expect(names('credential.expired')).toEqual(['hand-ending']);
    await expect(scanner.scan()).resolves.toBe(0);

    await tokens.create('alice', { name: 'hand-next', expiresAt: new Date(Date.now() + DAY) });
    const both = await Promise.all([scanner.scan(), scanner.scan()]);
    expect(both[0] + both[1]).toBe(1);
    expect(names('credential.expiring').filter((n) => n === 'hand-next')).toHaveLength(1);
    expect(sink.events.filter((e) => e.type.startsWith('credential.expir'))).toHaveLength(4);
  });
});

@Injectable()
class RolledListener {
  readonly rolled: CredentialRolledEvent[] = [];

  @OnEvent('credential.rolled')
  onRolled(event: CredentialRolledEvent): void {
    this.rolled.push(event);
  }
}

@Module({ providers: [RolledListener] })
class ListenerModule {}

describe('lifecycle events through @nestjs/event-emitter', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    app = await start(db, { events: { scanIntervalSeconds: 0 } }, [EventEmitterModule.forRoot(), { module: ListenerModule }]);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('emits each event on EventEmitter2 under its type, so @OnEvent listens', async () => {
    const tokens = app.get(ApiTokensService);
    await tokens.create('alice', { name: 'emitted' });
    const rolled = await tokens.roll('alice', 'emitted', { graceSeconds: 5 });
    const listener = app.get(RolledListener);
    expect(listener.rolled).toEqual([expect.objectContaining({ type: 'credential.rolled', name: 'emitted', previousValidUntil: rolled.previousValidUntil })]);
  });
});

describe('lifecycle events without EventEmitterModule and without a sink', () => {
  it('drops events and acts as usual', async () => {
    const db = await createTestDatabase('sqlite');
    const app = await start(db, {});
    try {
      const tokens = app.get(ApiTokensService);
      await tokens.create('alice', { name: 'quiet' });
      await expect(tokens.roll('alice', 'quiet', { graceSeconds: 1 })).resolves.toMatchObject({ item: { name: 'quiet' } });
    } finally {
      await app.close();
      await db.drop();
    }
  });
});

describe('the expiry scan on two instances sharing one PostgreSQL database', () => {
  let db: TestDatabase;
  const apps: INestApplication[] = [];
  const sinks = [recorder(), recorder()];

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    for (const sink of sinks) apps.push(await start(db, { events: { sink, scanIntervalSeconds: 1 } }));
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await db?.drop();
  });

  const count = (type: string, name: string): number => sinks.flatMap((s) => s.of(type)).filter((e) => (e as { name: string }).name === name).length;

  it('announces an expiry once, whichever instance scans', async () => {
    const tokens = apps[0]!.get(ApiTokensService);
    await tokens.create('alice', { name: 'shared-soon', expiresAt: new Date(Date.now() + DAY) });
    await tokens.create('alice', { name: 'shared-ending', expiresAt: new Date(Date.now() + 1200) });
    await sleep(4000);
    expect(count('credential.expiring', 'shared-soon')).toBe(1);
    expect(count('credential.expired', 'shared-ending')).toBe(1);
  });

  it('announces once even when both scan at the same instant (the lease aside)', async () => {
    const tokens = apps[0]!.get(ApiTokensService);
    const names = Array.from({ length: 20 }, (_, i) => `race-${i}`);
    for (const name of names) await tokens.create('alice', { name, expiresAt: new Date(Date.now() + 2 * DAY) });
    const [a, b] = apps.map((app) => app.get(ExpiryScanner));
    const [fromA, fromB] = await Promise.all([a!.scan(), b!.scan()]);
    // Together (with the timers' scans running too) they announce each expiry no more than once.
    expect(fromA + fromB).toBeLessThanOrEqual(names.length);
    await sleep(1500);
    for (const name of names) expect(count('credential.expiring', name)).toBe(1);
  });
});
