// The scenarios of an app that adopts the package, on Express and on Fastify: JWT beside the
// library's strategy on one route (both orders), a JWT user mapped to a Principal and judged by
// @RequirePrivilege, the app's own public marker, a feature module injecting the services, the
// OpenAPI document — with tokens minted by the testing subpath.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createTestToken, flushPendingWrites } from 'nestjs-api-tokens/testing';
import { openApiDocument, startScenarioApp, type Platform } from '../scenarios.js';
import { createDatabase, type TestDatabase } from './database.js';

for (const platform of ['express', 'fastify'] as const satisfies readonly Platform[]) {
  describe(`on ${platform}: global guards (the app's JWT guard, then PrivilegeGuard)`, () => {
    let db: TestDatabase;
    let app: INestApplication;
    let url: string;
    let bearer: (sub: string, roles: string[]) => string;

    before(async () => {
      db = await createDatabase();
      ({ app, url } = await startScenarioApp(platform, 'global', db.url));
      const jwt = app.get(JwtService);
      bearer = (sub, roles) => `Bearer ${jwt.sign({ sub, roles })}`;
    });
    after(async () => {
      await app?.close();
      await db?.drop();
    });

    const get = (path: string, authorization?: string) => fetch(`${url}${path}`, authorization === undefined ? {} : { headers: { authorization } });

    it("serves the app's own public marker without any credential", async () => {
      assert.equal((await get('/g/health')).status, 200);
    });

    it('maps a JWT user to a Principal: allowed with the privilege, refused (403) without', async () => {
      const allowed = await get('/g/reports', bearer('jwt-alice', ['reports']));
      assert.equal(allowed.status, 200);
      assert.deepEqual(await allowed.json(), { user: 'jwt-alice', kind: 'external' });
      const refused = await get('/g/reports', bearer('jwt-bob', []));
      assert.equal(refused.status, 403);
      assert.equal(((await refused.json()) as { privilege: string }).privilege, 'reports');
    });

    it("serves the library's token on the same route, and refuses one without the privilege", async () => {
      const reader = await createTestToken(app, 'alice', { privileges: ['reports'] });
      const allowed = await get('/g/reports', reader.authorization);
      assert.equal(allowed.status, 200);
      assert.deepEqual(await allowed.json(), { user: 'alice', kind: 'api-token' });
      const other = await createTestToken(app, 'alice', { privileges: ['apitokens'] });
      assert.equal((await get('/g/reports', other.authorization)).status, 403);
      assert.equal((await get('/g/reports')).status, 401);
    });

    it('lets a feature module inject the services (tokens, audit log)', async () => {
      const owner = await createTestToken(app, 'carol', { name: 'owner' });
      await createTestToken(app, 'carol', { name: 'second', privileges: ['reports'] });
      await flushPendingWrites(app);
      const res = await get('/mine', owner.authorization);
      assert.equal(res.status, 200);
      const body = (await res.json()) as { tokens: { items: { name: string }[]; total: number }; audited: number };
      assert.deepEqual(body.tokens.items.map((t) => t.name).sort(), ['owner', 'second']);
      assert.ok(body.audited >= 2, `audit entries for carol: ${body.audited}`);
    });

    it('documents the routes with the swagger subpath', () => {
      const doc = openApiDocument(app);
      assert.deepEqual(Object.keys(doc.components?.securitySchemes ?? {}), ['cpanel']);
      const op = doc.paths['/g/reports']?.get;
      assert.deepEqual(op?.security, [{ cpanel: [] }]);
      assert.ok(op?.responses['401'] && op.responses['403'] && op.responses['503']);
    });
  });

  describe(`on ${platform}: AuthGuard([...]) with JWT and the library's strategy on one route`, () => {
    let db: TestDatabase;
    let app: INestApplication;
    let url: string;
    let bearer: string;

    before(async () => {
      db = await createDatabase();
      ({ app, url } = await startScenarioApp(platform, 'chain', db.url));
      bearer = `Bearer ${app.get(JwtService).sign({ sub: 'jwt-alice', roles: ['reports'] })}`;
    });
    after(async () => {
      await app?.close();
      await db?.drop();
    });

    for (const route of ['token-first', 'jwt-first']) {
      it(`${route}: a JWT passes, a token passes, nothing is 401`, async () => {
        const jwt = await fetch(`${url}/chain/${route}`, { headers: { authorization: bearer } });
        assert.equal(jwt.status, 200);
        assert.deepEqual(((await jwt.json()) as { user: unknown }).user, { username: 'jwt-alice', roles: ['reports'] });
        const { authorization } = await createTestToken(app, 'alice');
        const token = await fetch(`${url}/chain/${route}`, { headers: { authorization } });
        assert.equal(token.status, 200);
        assert.equal(((await token.json()) as { user: { user: string } }).user.user, 'alice');
        assert.equal((await fetch(`${url}/chain/${route}`)).status, 401);
      });
    }
  });
}
