// Leaked-credential reports: each candidate is checked in memory first, so malformed and invented
// strings cost no query at all; checksum-valid ones are looked up together, and each live token
// or key is revoked at once (also on another instance, through the Redis invalidation bus),
// audited with the reporter's source and announced as `credential.leaked`. The input is bounded:
// 1,000 candidates pass, 1,001 are a 400 naming the field.
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  ApiTokensService,
  AuditLogService,
  AuthorizationKeysService,
  CredentialLeakReports,
  type TokenLifecycleEvent,
} from 'nestjs-api-tokens';
import { RedisInvalidationBus } from 'nestjs-api-tokens/redis';
import { flushPendingWrites } from 'nestjs-api-tokens/testing';
// The event service is internal until the events option lands: the suite watches what it is handed.
import { REDIS_URL } from '../support/databases.js';
import { basic, cpanel } from './support/headers.js';
import { refusal } from './support/refusal.js';
import { useTokenTestApp, useTwoTokenApps, type TokenTestAppOptions } from './support/token-test-app.js';

jest.setTimeout(60_000);

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** A string of the credential alphabet: well shaped, with a checksum that (almost surely) fails. */
const invented = (length: number): string => Array.from(randomBytes(length), (b) => ALPHABET[b % 36]).join('');

/** Counts the SQL statements run while `action` runs. */
async function queriesDuring(app: INestApplication, action: () => Promise<unknown>): Promise<number> {
  await flushPendingWrites(app);
  const spy = jest.spyOn(app.get(DataSource).logger, 'logQuery');
  try {
    await action();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe('leak reports (SQLite)', () => {
  const events: TokenLifecycleEvent[] = [];
  // The events as an app's own sink receives them (the `events.sink` option).
  const suite = useTokenTestApp('sqlite', { tokens: { events: { sink: { publish: (event) => void events.push(event) } } } });
  let app: INestApplication;
  let reports: CredentialLeakReports;
  let tokens: ApiTokensService;

  beforeAll(() => {
    app = suite.app;
    reports = app.get(CredentialLeakReports);
    tokens = app.get(ApiTokensService);
  });

  it('revokes a live token at once, audits it with the source, and emits credential.leaked', async () => {
    const { token, item } = await tokens.create('alice', { name: 'pushed-to-github' });
    const http = request(app.getHttpServer());
    await http.get('/t/whoami').set(...cpanel('alice', token)).expect(200); // cached
    events.length = 0;
    const result = await reports.report([`cpanel alice:${token}`, 'not-a-token'], { source: 'https://github.com/acme/app/blob/main/.env', ip: '203.0.113.9' });
    expect(result).toEqual({ received: 2, checked: 1, revoked: 1 });
    await http.get('/t/whoami').set(...cpanel('alice', token)).expect(401);
    expect((await tokens.list('alice')).items.map((t) => t.name)).not.toContain('pushed-to-github');

    await flushPendingWrites(app);
    const { items } = await app.get(AuditLogService).query({ action: 'token.leaked' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      actor: 'alice',
      outcome: 'success',
      credentialKind: 'api-token',
      credentialId: item.id,
      target: 'pushed-to-github',
      ip: '203.0.113.9',
      details: { source: 'https://github.com/acme/app/blob/main/.env', reported: 'leaked', revoked: true },
    });
    // The owner reads it as theirs.
    expect((await app.get(AuditLogService).query({ actor: 'alice', action: 'token.*' })).items.map((e) => e.action)).toContain('token.leaked');
    expect(events).toEqual([
      { type: 'credential.leaked', kind: 'token', user: 'alice', name: 'pushed-to-github', source: 'https://github.com/acme/app/blob/main/.env', at: expect.any(Date) },
    ]);
    // Reported again: nothing left to revoke, nothing emitted.
    expect(await reports.report([token], { source: 'again' })).toEqual({ received: 1, checked: 1, revoked: 0 });
    expect(events).toHaveLength(1);
  });

  it('costs no query for malformed or invented candidates, however many', async () => {
    const junk = [
      ...Array.from({ length: 400 }, () => invented(32)),
      ...Array.from({ length: 400 }, () => invented(20)),
      ...Array.from({ length: 200 }, (_, i) => `ghp_${i}${'x'.repeat(i % 50)}`),
    ];
    let result: unknown;
    const queries = await queriesDuring(app, async () => {
      result = await reports.report(junk, { source: 'scanner' });
    });
    expect(queries).toBe(0);
    expect(result).toEqual({ received: 1000, checked: 0, revoked: 0 });
  });

  it('looks up checksum-valid candidates together: one query for a token no longer stored, nothing revoked', async () => {
    const { token } = await tokens.create('alice', { name: 'gone' });
    await tokens.revoke('alice', 'gone');
    let result: unknown;
    const queries = await queriesDuring(app, async () => {
      result = await reports.report([token, invented(32), invented(20)], { source: 'scanner' });
    });
    expect(result).toEqual({ received: 3, checked: 1, revoked: 0 });
    // The lookup in its transaction (SQLite: BEGIN, SELECT, COMMIT); no DELETE, no audit write.
    expect(queries).toBeGreaterThanOrEqual(1);
    expect(queries).toBeLessThanOrEqual(3);
  });

  it('revokes a live authorization key the same way', async () => {
    const keys = app.get(AuthorizationKeysService);
    const { key, item } = await keys.create('alice', { ip: '127.0.0.1', service: 'billing', privileges: ['list'] });
    const http = request(app.getHttpServer());
    await http.get('/t/list').set(...basic('alice', key)).expect(200);
    events.length = 0;
    expect(await reports.report([`alice:${key}`], { source: 'pastebin' })).toEqual({ received: 1, checked: 1, revoked: 1 });
    await http.get('/t/list').set(...basic('alice', key)).expect(401);
    expect(events).toEqual([{ type: 'credential.leaked', kind: 'authorization-key', user: 'alice', name: item.id, source: 'pastebin', at: expect.any(Date) }]);
    await flushPendingWrites(app);
    const { items } = await app.get(AuditLogService).query({ action: 'authkey.leaked' });
    expect(items[0]).toMatchObject({ actor: 'alice', credentialKind: 'authorization-key', credentialId: item.id, target: item.id, details: { source: 'pastebin' } });
  });

  it('takes 1,000 candidates and refuses 1,001 with a 400 naming the field', async () => {
    const thousand = Array.from({ length: 1000 }, () => invented(32));
    expect((await reports.report(thousand, { source: 's' })).received).toBe(1000);
    const error = await refusal(reports.report([...thousand, invented(32)], { source: 's' }));
    expect(error.getStatus()).toBe(400);
    expect(error.field).toBe('credentials');
  });

  it.each([
    ['an empty list', [], { source: 's' }, 'credentials'],
    ['a string for the list', 'ABC', { source: 's' }, 'credentials'],
    ['a number among the candidates', ['a', 'b', 42], { source: 's' }, 'credentials[2]'],
    ['a candidate of 257 characters', ['a', 'x'.repeat(257)], { source: 's' }, 'credentials[1]'],
    ['no source', ['a'], {}, 'source'],
    ['a blank source', ['a'], { source: '   ' }, 'source'],
    ['a source of 201 characters', ['a'], { source: 'x'.repeat(201) }, 'source'],
    ['a source with a line break', ['a'], { source: 'line\nbreak' }, 'source'],
    ['a number for the source', ['a'], { source: 7 }, 'source'],
  ])('refuses %s: 400 naming the field', async (_label, candidates, context, field) => {
    const error = await refusal(reports.report(candidates as never, context as never));
    expect(error.getStatus()).toBe(400);
    expect(error.field).toBe(field);
  });
});

describe('leak reports across two instances (PostgreSQL + Redis)', () => {
  const instances = useTwoTokenApps('postgres', () => {
    const channel = `test-leaks-${randomBytes(4).toString('hex')}`;
    // A minute of cache: a refusal on B right after the report can only come from the bus.
    const options = (): TokenTestAppOptions => ({ tokens: { cache: { ttlMs: 60_000 }, invalidationBus: new RedisInvalidationBus({ url: REDIS_URL, channel }) } });
    return [options(), options()];
  });
  let a: INestApplication;
  let b: INestApplication;

  beforeAll(() => {
    ({ a, b } = instances);
  });

  it('a report received by instance A makes the token fail on instance B at once', async () => {
    const { token } = await a.get(ApiTokensService).create('alice', { name: 'leaked' });
    const onB = request(b.getHttpServer());
    await onB.get('/t/whoami').set(...cpanel('alice', token)).expect(200);
    await onB.get('/t/whoami').set(...cpanel('alice', token)).expect(200); // cached on B for a minute
    expect((await a.get(CredentialLeakReports).report([token], { source: 'scanner' })).revoked).toBe(1);
    const reported = performance.now();
    let status = 200;
    while (status === 200 && performance.now() - reported < 2000) {
      status = (await onB.get('/t/whoami').set(...cpanel('alice', token))).status;
    }
    expect(status).toBe(401);
    expect(performance.now() - reported).toBeLessThan(500);
  });
});
