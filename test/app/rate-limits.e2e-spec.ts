// Per-credential rate limits through the demo: set on create (tokens and keys), changed and lifted
// with PATCH /api/tokens/{name} and PUT /api/authkeys/{id}/rate-limit, shown in the listings;
// a credential past its limit gets 429 with Retry-After and the RateLimit-* headers on every face
// (REST, UAPI, WHM, Manage2), never 401, and its refusals do not block the address.
import { jest } from '@jest/globals';
import { createAppHarness, DEMO_RUNS, type AppHarness } from './support/app-harness.js';

jest.setTimeout(60_000);

describe.each(DEMO_RUNS)('per-credential rate limits in the demo ($name)', ({ db, platform }) => {
  let h: AppHarness;

  beforeAll(async () => {
    h = await createAppHarness({ db, platform, env: { AUTH_FAILURE_LIMIT: '2' } });
  });

  afterAll(async () => h?.close());

  it('creates a limited token, lists its limit, and answers 429 with the headers past it', async () => {
    const admin = await h.login('admin');
    const created = await h.http.post('/api/tokens').set(...admin.auth).send({ name: 'metered', rateLimit: { points: 2, windowSeconds: 60 } }).expect(201);
    expect(created.body.item.rateLimit).toEqual({ points: 2, windowSeconds: 60 });
    const listed = await h.http.get('/api/tokens').set(...admin.auth).expect(200);
    expect(listed.body.items.find((t: { name: string }) => t.name === 'metered').rateLimit).toEqual({ points: 2, windowSeconds: 60 });
    const metered = h.authHeader('admin', created.body.token as string);
    const first = await h.http.get('/api/licenses').set(...metered).expect(200);
    expect(first.headers['ratelimit-limit']).toBe('2');
    expect(first.headers['ratelimit-remaining']).toBe('1');
    await h.http.get('/api/licenses').set(...metered).expect(200);
    const refused = await h.http.get('/api/licenses').set(...metered).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(refused.headers['www-authenticate']).toBeUndefined();
    // Every face says 429 (UAPI and WHM in their envelopes, Manage2 in its own), never 401.
    expect((await h.http.get('/execute/Tokens/list').set(...metered)).status).toBe(429);
    expect((await h.http.get('/json-api/api_token_list?api.version=1').set('Authorization', `whm admin:${created.body.token as string}`)).status).toBe(429);
    expect((await h.http.get('/XMLlicenseInfo.cgi?output=json').set(...metered)).status).toBe(429);
    // Not failed authentications: with AUTH_FAILURE_LIMIT=2, a wrong token is still a plain 401.
    await h.http.get('/api/licenses').set(...h.authHeader('admin', 'A'.repeat(32))).expect(401);
    // The owner lifts the limit: served again, without RateLimit headers.
    const lifted = await h.http.patch('/api/tokens/metered').set(...admin.auth).send({ rateLimit: null }).expect(200);
    expect(lifted.body.rateLimit).toBeNull();
    const again = await h.http.get('/api/licenses').set(...metered).expect(200);
    expect(again.headers['ratelimit-limit']).toBeUndefined();
  });

  it('sets a limit with PATCH (rename alone still works), refusing bad ones with a 400 naming the field', async () => {
    const admin = await h.login('admin');
    await h.http.post('/api/tokens').set(...admin.auth).send({ name: 'patched' }).expect(201);
    const set = await h.http.patch('/api/tokens/patched').set(...admin.auth).send({ rateLimit: { points: 100, windowSeconds: 60 } }).expect(200);
    expect(set.body.rateLimit).toEqual({ points: 100, windowSeconds: 60 });
    for (const [rateLimit, field] of [
      [{ points: 0, windowSeconds: 60 }, 'rateLimit.points'],
      [{ points: 10, windowSeconds: 100_000 }, 'rateLimit.windowSeconds'],
      [{ points: 10 }, 'rateLimit.windowSeconds'],
      [{ points: 10, windowSeconds: 60, burst: 1 }, 'burst'],
      ['100/minute', 'rateLimit'],
    ] as const) {
      const res = await h.http.patch('/api/tokens/patched').set(...admin.auth).send({ rateLimit }).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      const create = await h.http.post('/api/tokens').set(...admin.auth).send({ name: 'never', rateLimit }).expect(400);
      expect(JSON.stringify(create.body.message)).toContain(field);
    }
    expect((await h.http.get('/api/tokens/patched').set(...admin.auth).expect(200)).body.rateLimit).toEqual({ points: 100, windowSeconds: 60 });
    await h.http.get('/api/tokens/never').set(...admin.auth).expect(404);
    // Renaming alone is unchanged; an empty PATCH names what is missing.
    await h.http.patch('/api/tokens/patched').set(...admin.auth).send({ newName: 'patched-2' }).expect(200);
    const empty = await h.http.patch('/api/tokens/patched-2').set(...admin.auth).send({}).expect(400);
    expect(empty.body.field).toBe('newName');
  });

  it('limits an authorization key set on create, and PUT changes it', async () => {
    const admin = await h.login('admin');
    const created = await h.http
      .post('/api/authkeys')
      .set(...admin.auth)
      .send({ ip: '127.0.0.1', service: 'metered', privileges: ['list'], rateLimit: { points: 1, windowSeconds: 60 } })
      .expect(201);
    expect(created.body.item.rateLimit).toEqual({ points: 1, windowSeconds: 60 });
    const key = created.body.key as string;
    await h.http.get(`/api/licenses?apikey=${key}`).expect(200);
    const refused = await h.http.get(`/api/licenses?apikey=${key}`).expect(429);
    expect(refused.headers['ratelimit-limit']).toBe('1');
    const changed = await h.http.put(`/api/authkeys/${created.body.item.id as string}/rate-limit`).set(...admin.auth).send({ rateLimit: { points: 5, windowSeconds: 1 } }).expect(200);
    expect(changed.body.rateLimit).toEqual({ points: 5, windowSeconds: 1 });
    await h.http.get(`/api/licenses?apikey=${key}`).expect(200);
    const bad = await h.http.put(`/api/authkeys/${created.body.item.id as string}/rate-limit`).set(...admin.auth).send({ rateLimit: { points: -1, windowSeconds: 1 } }).expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('rateLimit.points');
    const missing = await h.http.put(`/api/authkeys/${created.body.item.id as string}/rate-limit`).set(...admin.auth).send({}).expect(400);
    expect(missing.body.field).toBe('rateLimit');
  });

  it('does not let a limited token mint an unlimited one', async () => {
    const admin = await h.login('admin');
    const limited = await h.http.post('/api/tokens').set(...admin.auth).send({ name: 'limited-minter', rateLimit: { points: 50, windowSeconds: 60 } }).expect(201);
    const minter = h.authHeader('admin', limited.body.token as string);
    const refused = await h.http.post('/api/tokens').set(...minter).send({ name: 'escape', rateLimit: null }).expect(403);
    expect(refused.body.field).toBe('rateLimit');
    const inherited = await h.http.post('/api/tokens').set(...minter).send({ name: 'inherits' }).expect(201);
    expect(inherited.body.item.rateLimit).toEqual({ points: 50, windowSeconds: 60 });
  });
});
